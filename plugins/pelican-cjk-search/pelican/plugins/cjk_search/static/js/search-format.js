// The reader's side of the index format defined in the package's index_format.py.
// Everything a reader cannot guess (body-length code, doc-row field order, file
// names) comes from the manifest's `format` entry, so this file keeps no copy of
// it; the golden vectors in tests/vectors/search-index/ hold both sides to one format.

/** The index format version this reader understands (index_format.FORMAT_VERSION). */
export const FORMAT_VERSION = 7;

/** The manifest, once its version is one this reader understands. */
export function checkManifest(manifest) {
  if (manifest?.version !== FORMAT_VERSION) throw new Error(`index format ${manifest?.version}`);
  return manifest;
}

/**
 * Per post, its body length relative to the average (index_format.LengthCode):
 * the character at position i of the alphabet stands for step ** (i - offset).
 */
export function lengthRatios(manifest) {
  const { alphabet, step, offset } = manifest.format.lengths;
  const byCode = new Map(Array.from(alphabet, (c, i) => [c, step ** (i - offset)]));
  return Float64Array.from(manifest.bodyLengths, (c) => byCode.get(c) ?? 1);
}

/** A doc-file row as an object keyed by the manifest's field names. */
export function docRecord(manifest, row) {
  const record = {};
  manifest.format.docFields.forEach((field, i) => {
    record[field] = row[i];
  });
  return record;
}

/** The path of one index file under the index folder, from a layout (`format.files`). */
export function indexPath(files, kind, number) {
  return files[kind].replace("{n}", String(number));
}
