// GitHub Action entry point (bundled to dist/action.js; action.yml runs it).
import { main } from './action/main.js';

await main();
