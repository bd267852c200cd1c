// Per replica: which notes are reachable from the root through `children`, which visible
// notes are orphans, which links dangle; and whether the replicas converged (same tree; same
// fields among replicas on the same schema version). Pure: input is World.observe()'s output.
export function reach(notes) {
  const reachable = new Set();
  const dangling = [];
  const stack = notes.root ? ['root'] : [];
  while (stack.length) {
    const id = stack.pop();
    if (reachable.has(id)) continue;
    reachable.add(id);
    for (const child of notes[id].children) {
      if (notes[child]) stack.push(child);
      else dangling.push(`${id}->${child}`);
    }
  }
  const orphans = Object.keys(notes).filter((id) => !reachable.has(id)).sort();
  return { reachable: [...reachable].sort(), orphans, dangling: dangling.sort() };
}

function treeOf(notes) {
  return JSON.stringify(Object.keys(notes).sort().map((id) => [id, notes[id].children]));
}

export function analyse(observed) {
  const replicas = {};
  for (const [name, r] of Object.entries(observed)) replicas[name] = { ...r, ...reach(r.notes) };
  const trees = new Set(Object.values(replicas).map((r) => treeOf(r.notes)));
  const fieldsByVersion = {};
  for (const r of Object.values(replicas)) {
    if (r.version === undefined) continue;
    (fieldsByVersion[r.version] ??= new Set()).add(JSON.stringify(r.notes));
  }
  const fieldsConverged = Object.values(fieldsByVersion).every((s) => s.size === 1);
  return { replicas, converged: trees.size === 1, fields_converged_per_version: fieldsConverged };
}
