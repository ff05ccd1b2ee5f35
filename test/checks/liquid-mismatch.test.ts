import { describe, it } from 'vitest';
import { ARTICLE_FILE, expectCase, readSample, seed, type CheckCase } from './helpers.ts';

// Snapshot: de-DE kept the pre-2021 condition syntax of this reusable, English was converted to ifversion.
const REUSABLE = 'data/reusables/package_registry/public-or-private-packages.md';
const REUSABLE_EN = `You can publish packages in {% ifversion ghae %}an internal{% else %}a public{% endif %} repository ({% ifversion ghae %}internal{% else %}public{% endif %} packages) to share with {% ifversion fpt %}all of {% data variables.product.prodname_dotcom %}{% else %}everyone on your enterprise{% endif %}, or in a private repository (private packages) to share with collaborators or an organization.
`;
const REUSABLE_DE = `You can publish packages in {% if currentVersion == "github-ae@latest" %}an internal{% else %}a public{% endif %} repository ({% if currentVersion == "github-ae@latest" %}internal{% else %}public{% endif %} packages) to share with {% if currentVersion == "free-pro-team@latest" %}all of {% data variables.product.prodname_dotcom %}{% else %}everyone on your enterprise{% endif %}, or in a private repository (private packages) to share with collaborators or an organization.
`;

const cases: CheckCase[] = [
  { name: 'valid: English checked as a translation of itself', locale: 'fr-FR', files: { [ARTICLE_FILE]: readSample(ARTICLE_FILE) }, expect: [] },
  {
    name: 'invalid: seed 004 (es-ES) lacks unique-user-licensing-model and ifversion ghes > 3.4; product_location unknown',
    locale: 'es-ES',
    files: { [ARTICLE_FILE]: seed('004') },
    expect: [
      'missingReference English uses reusables.enterprise-licensing.unique-user-licensing-model',
      'missingCondition English has {% ifversion ghes > 3.4 %}',
      'unknownVariable Variable variables.product.product_location is not defined (English has variables.location.product_location)',
      'unknownVariable Variable variables.product.product_location is not defined',
      'missingReference English uses variables.location.product_location',
    ],
  },
  {
    name: 'valid: {% if currentVersion == "github-ae@latest" %} is the same condition as English {% ifversion ghae %} (de-DE reusable)',
    locale: 'de-DE',
    english: { [REUSABLE]: REUSABLE_EN },
    files: { [REUSABLE]: REUSABLE_DE },
    expect: [],
  },
  {
    name: 'invalid: a legacy condition that differs from English after conversion is still reported',
    locale: 'de-DE',
    english: { [REUSABLE]: REUSABLE_EN },
    files: { [REUSABLE]: REUSABLE_DE.replace('currentVersion == "free-pro-team@latest"', 'enterpriseServerVersions contains currentVersion') },
    expect: ['missingCondition English has {% ifversion fpt %}', 'extraCondition Translation has {% if enterpriseServerVersions contains currentVersion %}'],
  },
];

describe('liquid-mismatch', () => {
  it.each(cases)('$name', (c) => expectCase('liquid-mismatch', c));
});
