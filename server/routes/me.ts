import type { FastifyPluginAsync } from 'fastify';
import { HttpError } from '../plugins/errors.ts';
import { errorResponses, Me } from './schemas.ts';

const meRoutes: FastifyPluginAsync = async (app) => {
  app.get(
    '/me',
    {
      config: { access: 'user' },
      schema: { summary: 'The user the bearer token belongs to', tags: ['users'], security: [{ bearer: [] }], response: { 200: Me, ...errorResponses } },
    },
    async (request) => {
      const user = request.user;
      if (!user) throw new HttpError(401, 'Send Authorization: Bearer <token>');
      return { id: user.id, name: user.name, role: user.role, locales: user.locales };
    },
  );
};

export default meRoutes;
