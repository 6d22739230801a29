/**
 * One lazily made value per owner object (a container, a database handle), forgotten with its
 * owner. Process-wide state keyed this way never crosses two servers or two databases that
 * share a process (the tests run several), which a plain module-level value would.
 */
export function perOwner<K extends object, V>(make: (owner: K) => V): (owner: K) => V {
  const values = new WeakMap<K, V>();
  return (owner) => {
    let value = values.get(owner);
    if (value === undefined) values.set(owner, (value = make(owner)));
    return value;
  };
}
