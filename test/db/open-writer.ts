/** Child process of test/db/leftover-shm.test.ts: opens the database as writers do and inserts one row. */
import { openDb } from '../../db/index.ts';

const db = (() => {
  try {
    return openDb(process.argv[2]!, { migrate: false });
  } catch (err) {
    console.log(JSON.stringify({ stage: 'open', message: (err as Error).message }));
    process.exit(0);
  }
})();
try {
  db.exec('CREATE TABLE IF NOT EXISTS probe (x)');
  db.prepare('INSERT INTO probe VALUES (1)').run();
  console.log(JSON.stringify({ stage: 'write', ok: true }));
} catch (err) {
  console.log(JSON.stringify({ stage: 'write', message: (err as Error).message }));
} finally {
  db.close();
}
