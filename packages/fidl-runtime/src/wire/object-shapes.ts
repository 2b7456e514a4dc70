// Building decoded objects: one object literal per shape (sequence of keys) seen again.
//
// Storing key after key into a fresh `{}` is cheap in a process that decodes one shape. A
// device or a test host decodes dozens, and then each store goes through V8's generic
// (megamorphic) property store: on the device that was most of the cost of reading a small
// request body. A shape seen a second time gets a function that returns one object literal,
// `(v) => ({ "value": v[0] })`, which V8 builds from a boilerplate. msgpackr's records rest on the
// same trick. Shapes are kept in a bounded trie keyed by key strings; past the bound, or where
// code generation is disabled, objects are built by stores as before.

type Build = (values: readonly unknown[]) => Record<string, unknown>;

/** One sequence of keys (its last key, and the shape of the keys before it). */
interface Shape {
  readonly parent: Shape | undefined;
  readonly key: string;
  readonly next: Map<string, Shape>;
  build: Build | undefined;
  seen: number;
}

/** Bound on remembered shapes (and compiled functions): peers choose the keys. */
const MAX_SHAPES = 2048;
/** Objects with more keys are built by stores: rare, and each would take a chain of shapes. */
const MAX_SHAPE_KEYS = 64;
const root: Shape = { parent: undefined, key: "", next: new Map(), build: undefined, seen: 0 };
let shapes = 0;
// Off for good if the process forbids code generation from strings.
let canCompile = true;

/**
 * The object `{ [keys[0]]: values[0], ... }`, as assigning the pairs in order builds it. Keys
 * must not include "__proto__" (a literal would set the prototype; the reader gives those up).
 */
export function buildObject(keys: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  if (keys.length > MAX_SHAPE_KEYS) return storeEach(keys, values);
  let shape = root;
  for (const key of keys) {
    const next = shape.next.get(key) ?? addShape(shape, key);
    if (next === undefined) return storeEach(keys, values);
    shape = next;
  }
  const build = shape.build ?? compile(shape);
  return build === undefined ? storeEach(keys, values) : build(values);
}

function addShape(parent: Shape, key: string): Shape | undefined {
  if (shapes >= MAX_SHAPES) return undefined;
  shapes++;
  const shape: Shape = { parent, key, next: new Map(), build: undefined, seen: 0 };
  parent.next.set(key, shape);
  return shape;
}

/** Compiles the shape's literal on its second sighting (most one-off shapes never pay for it). */
function compile(shape: Shape): Build | undefined {
  if (!canCompile || shape.seen++ === 0) return undefined;
  // Keys are ASCII here (the reader reads no other); JSON.stringify quotes them safely.
  const keys: string[] = [];
  for (let at: Shape = shape; at.parent !== undefined; at = at.parent) keys.unshift(at.key);
  const fields = keys.map((key, i) => `${JSON.stringify(key)}: v[${i}]`).join(", ");
  try {
    shape.build = new Function("v", `return { ${fields} };`) as Build;
  } catch {
    canCompile = false;
  }
  return shape.build;
}

function storeEach(keys: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) object[keys[i]!] = values[i];
  return object;
}
