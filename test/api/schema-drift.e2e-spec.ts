import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { startApi, type TestApi } from '../support/api-server.js';

/**
 * Entities and migrations describe the same tables: TypeORM's schema builder, pointed at a
 * freshly migrated database, must find nothing to change. A column added to an entity without a
 * migration (or the other way round) fails here, not in production.
 */
describe('entities and migrations', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.stop());

  it('do not drift', async () => {
    const entityModules = ['../../api/dist/modules/accounts/entities/user.entity.js'];
    const entities = (await Promise.all(entityModules.map((m) => import(m)))).flatMap((m) => Object.values(m));
    expect(entities.length).toBeGreaterThan(0);
    const ds = new DataSource({ type: 'postgres', url: api.databaseUrl(), entities: entities as never[], extra: { max: 1 } });
    await ds.initialize();
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
