/** A key's fingerprint, large and in a monospace font, for reading aloud character by character. */
export function Fingerprint({ value, id }: { value: string; id?: string }) {
  return (
    <p id={id} className="exchange__fingerprint" translate="no">
      {value}
    </p>
  );
}
