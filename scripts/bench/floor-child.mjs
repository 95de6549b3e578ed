// `node floor-child.mjs json|csv FILE...`: one floor run in a fresh process; prints its result as JSON.
import { csvFloor, jsonFloor } from './floors.mjs';

const [kind, ...files] = process.argv.slice(2);
const result = await (kind === 'csv' ? csvFloor : jsonFloor)(files);
process.stdout.write(`${JSON.stringify(result)}\n`);
