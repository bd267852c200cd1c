// The notes schema at v1 and v2, and the app's migrations, in Verdant's own terms. v1 is the
// Note of docs/spec.md §1 (id, text, isRoot, children); v2 adds `priority`, a required number
// with no schema default, filled by the v1 -> v2 migration: the same change as the model's
// scenario line `migration 1->2 add priority:int:required default 3`.
export const FILL_PRIORITY = 3;

export function schemaVersions(common) {
  const { schema, collection, createMigration } = common;
  const baseFields = {
    id: { type: 'string' },
    text: { type: 'string' },
    isRoot: { type: 'boolean' },
    children: { type: 'array', items: { type: 'string' } },
  };
  const v1 = schema({
    version: 1,
    collections: { notes: collection({ name: 'note', primaryKey: 'id', fields: baseFields }) },
  });
  const v2 = schema({
    version: 2,
    collections: {
      notes: collection({
        name: 'note',
        primaryKey: 'id',
        fields: { ...baseFields, priority: { type: 'number' } },
      }),
    },
  });
  const migrations = [
    createMigration(v1),
    createMigration(v1, v2, async ({ migrate }) => {
      await migrate('notes', (old) => ({ ...old, priority: old.priority ?? FILL_PRIORITY }));
    }),
  ];
  const byVersion = [null, v1, v2];
  return {
    fillPriority: FILL_PRIORITY,
    upTo(version) {
      // oldSchemas: every schema up to this build's, as a CLI-generated 5.x client passes them
      return {
        schema: byVersion[version],
        migrations: migrations.slice(0, version),
        oldSchemas: byVersion.slice(1, version + 1),
      };
    },
  };
}
