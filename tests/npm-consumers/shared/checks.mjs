// The checks every consumer runs against the installed package, in Node and in the browsers:
// real hashes against the shared match-key vectors (crates/matchkeys/tests/data), the bulk API
// against the single one, and prepareUpload's request bodies. Returns the failures (empty when
// all pass) and how many checks ran.

/** The vectors' options for one line. */
const optionsOf = (v) => ({
  ...(v.country ? { country: v.country } : {}),
  ...(v.date_order ? { dateOrder: v.date_order } : {}),
  currentYear: 2026,
});

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** `api`: the package's functions (`prepareUpload` optional); `vectors`: parsed JSON lines. */
export function runChecks(api, vectors) {
  const failures = [];
  let checked = 0;
  const check = (ok, what) => {
    checked += 1;
    if (!ok) failures.push(what);
  };
  for (const v of vectors) {
    const options = optionsOf(v);
    const where = `${v.field} ${JSON.stringify(v.input)} (${v.why})`;
    if (v.normalized === null) {
      // Either dropped (undefined: empty once normalized) or thrown with a code; never a value.
      let outcome;
      try {
        outcome = api.hash(v.field, v.input, options);
      } catch (error) {
        outcome = error instanceof Error && error.code?.startsWith("invalid_") && error.field === v.field;
      }
      check(outcome === undefined || outcome === true, `dropped or rejected with a code: ${where}`);
    } else {
      check(api.normalize(v.field, v.input, options) === v.normalized, `normalize: ${where}`);
      // Keys sent raw (lead_id, CAPI madid) have no sha256 in the vectors: the value itself.
      check(api.hash(v.field, v.input, options) === (v.sha256 ?? v.normalized), `hash: ${where}`);
    }
  }
  // The bulk call gives record by record what hashUserData gives, and drops what it rejects.
  const groups = new Map();
  for (const v of vectors) {
    const key = JSON.stringify(optionsOf(v));
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(v);
  }
  for (const [key, group] of groups) {
    const options = JSON.parse(key);
    const records = group.map((v) => ({ [v.field]: v.input }));
    const { hashed, dropped } = api.hashUserDataMany(records, options);
    check(hashed.length === records.length, `hashUserDataMany: one result per record (${key})`);
    group.forEach((v, i) => {
      let single;
      try {
        single = api.hashUserData(records[i], options);
      } catch (error) {
        // hashUserData throws on a value it cannot normalize; the bulk call drops and lists it.
        check(
          dropped.some((d) => d.record === i && d.field === v.field && d.code === error.code),
          `hashUserDataMany drops ${v.field} ${JSON.stringify(v.input)}`,
        );
        check(same(hashed[i], {}), `hashUserDataMany leaves ${v.field} out`);
        return;
      }
      check(same(hashed[i], single), `hashUserDataMany = hashUserData: ${v.field} ${JSON.stringify(v.input)}`);
    });
  }
  if (api.prepareUpload) {
    const email = vectors.find((v) => v.field === "em" && v.sha256);
    const csv = `email,event_time,value,currency\n${email.input},2026-11-30T10:00:00Z,12.50,USD\n`;
    const options = { now: 1796083200, eventName: "Purchase", uploadTag: "consumer" };
    const prepared = api.prepareUpload(csv, options);
    check(typeof prepared.batches[0] === "string", "prepareUpload: a body is JSON text by default");
    const body = JSON.parse(prepared.batches[0]);
    check(same(body.data[0].user_data.em, [email.sha256]), "prepareUpload: the vector's hash in the body");
    check(body.upload_tag === "consumer" && prepared.summary.accepted === 1, "prepareUpload: summary");
    const objects = api.prepareUpload(csv, { ...options, bodies: "objects" });
    check(same(objects.batches[0], body), "prepareUpload: objects on request, the same body");
  }
  return { checked, failures };
}

/** The vectors file's lines, parsed. */
export function parseVectors(text) {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

/** Print a Node consumer's outcome and set the exit code: failures, or too few checks, fail. */
export function report(name, { checked, failures }, vectors) {
  console.log(`${name}: ${checked} checks, ${failures.length} failed`);
  for (const failure of failures) console.log(`  FAILED ${failure}`);
  process.exitCode = failures.length === 0 && checked > vectors.length ? 0 : 1;
}
