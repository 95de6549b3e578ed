// The bundle bin/llm-audit.js loads: the CLI, the worker-thread entry and the status line's quick
// entry, each one file (plus shared chunks) instead of ~80 modules. Start-up is paid by every run and again by every worker
// thread, and resolving and compiling many small ES modules cost about 70 ms of it here.
// Input is tsc's output (dist/), so tsc stays the one type checker and compiler; tiktoken stays
// external (it loads its WebAssembly from its own package folder), and so does @huggingface/tokenizers
// (required lazily, only when a Qwen/DeepSeek/Llama/Gemma/Mistral target is counted), and so does
// node-sqlite3-wasm (required on the first SQLite database; it loads its WebAssembly from its folder).
import { defineConfig } from 'rolldown';

export default defineConfig({
  input: { main: 'dist/cli/main.js', worker: 'dist/audit/worker.js', statusline: 'dist/statusline/main.js' },
  platform: 'node',
  external: ['tiktoken', '@huggingface/tokenizers', 'node-sqlite3-wasm'],
  // cleanDir: chunk names carry a hash, so old chunks would pile up in the folder.
  output: { dir: 'dist/bundle', cleanDir: true, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
});
