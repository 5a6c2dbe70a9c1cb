// The CommonJS side of the types (`require`, TypeScript's node16/nodenext resolution reads the
// package's `.d.cts`): the same precise signatures.
import hashdrop = require("hashdrop");
import upload = require("hashdrop/upload");

const userData: hashdrop.UserData = hashdrop.hashUserData({ em: "a@b.co" });
const many: hashdrop.HashedRecords<hashdrop.MatchKeys> = hashdrop.hashUserDataMany([], { api: "ocapi" });
const bodies: string[] = upload.prepareUpload("", { now: 0 }).batches;
const parallel: Promise<upload.PreparedUpload<string>> = upload.prepareUploadParallel("", { now: 0 }, { workers: 2 });
// @ts-expect-error: not a match-key field
hashdrop.hash("e-mail", "a@b.co");
console.log(userData, many, bodies, parallel);
