// The project of a Claude Code record: the folder its session file is in under `projects/`, named
// by Claude Code after the working directory with every character other than a letter or digit
// replaced by "-" (/Users/dev/my.app → -Users-dev-my-app). Decoded back to the path when the line's
// cwd (or a folder above it: the user may have cd'ed deeper) gives that very name; else the folder
// name is kept as it is (a dash may have been a slash, a dot or a dash: no guessing).

/** Claude Code's folder name for a working directory. */
export function claudeFolderName(path: string): string {
  return path.replace(/[^A-Za-z0-9]/g, '-');
}

let lastFile = '';
let lastFolder: string | undefined;

/** The folder right under a `parent` folder (`projects`) on a file's path, or undefined when the path has none. */
export function projectFolderOf(file: string, parent: string): string | undefined {
  if (file === lastFile) return lastFolder;
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf(parent);
  lastFile = file;
  // The folder must be a folder: projects/<name>/… with at least the file below it.
  lastFolder = at >= 0 && at + 2 < parts.length && parts[at + 1] !== '' ? parts[at + 1] : undefined;
  return lastFolder;
}

// Every line of a session file has the same folder and nearly always the same cwd: the last answer
// is kept (a regular-expression replace per record was 4% of a run on the all-usage bench tree).
let lastDecoded: { folder: string; cwd: string; project: string } | undefined;

/** The readable project: `cwd` or its nearest parent whose Claude Code folder name is `folder`; else `folder`. */
export function decodeProject(folder: string, cwd: string | undefined): string {
  if (cwd === undefined) return folder;
  if (lastDecoded !== undefined && lastDecoded.folder === folder && lastDecoded.cwd === cwd) return lastDecoded.project;
  const project = decodeUncached(folder, cwd);
  lastDecoded = { folder, cwd, project };
  return project;
}

function decodeUncached(folder: string, cwd: string): string {
  let path = cwd.replace(/[\\/]+$/, '');
  while (path !== '') {
    if (claudeFolderName(path) === folder) return path;
    const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
    if (cut <= 0) break;
    path = path.slice(0, cut);
  }
  return folder;
}

/** --project NAME: the project exactly, as shown (a decoded path, or a log's project tag), or as Claude Code's folder name. */
export function projectMatches(project: string | undefined, name: string): boolean {
  return project !== undefined && (project === name || claudeFolderName(project) === name);
}
