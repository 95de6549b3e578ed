// Read-only access to a snapshot: a folder of files, or a git directory (bare mirror or a repo's
// .git) at a revision, read with `git ls-tree` / `git cat-file` so no work tree is needed.
// Paths are POSIX and relative to the snapshot's root. Symbolic links are reported with their
// target (resolved to a root-relative path) so a reader can tell a copy from an original.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { InputError } from './decimal.mjs';

/** A git dir is a folder with HEAD and objects/ (a bare mirror, or a .git folder). */
export function isGitDir(path) {
  return existsSync(join(path, 'HEAD')) && existsSync(join(path, 'objects')) && statSync(join(path, 'objects')).isDirectory();
}

/**
 * Opens `path` as a snapshot tree. A git dir is read at `rev` (default HEAD); a work tree with a
 * .git folder is read as plain files (what is on disk is what is compared).
 */
export function openTree(path, rev = 'HEAD') {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new InputError(`${path}: cannot read this path`);
  }
  if (!stat.isDirectory()) throw new InputError(`${path}: not a folder (expected a snapshot folder or a git dir)`);
  return isGitDir(path) ? gitTree(path, rev) : dirTree(path);
}

function dirTree(root) {
  return {
    label: root,
    commit: undefined,
    date: undefined,
    exists(path) {
      return existsSync(join(root, path));
    },
    /** Entries of a folder: { name, path, type: 'file' | 'dir', link?: root-relative target }. */
    list(dir) {
      let names;
      try {
        names = readdirSync(join(root, dir)).sort();
      } catch {
        return undefined;
      }
      return names.map((name) => {
        const path = dir === '' ? name : `${dir}/${name}`;
        const full = join(root, path);
        const lst = lstatSync(full);
        const link = lst.isSymbolicLink() ? posix.normalize(posix.join(dir, readlinkSync(full))) : undefined;
        let type = 'file';
        try {
          type = statSync(full).isDirectory() ? 'dir' : 'file';
        } catch {
          type = 'broken-link';
        }
        return { name, path, type, link };
      });
    },
    prefetch() {},
    read(path) {
      try {
        return readFileSync(join(root, path), 'utf8');
      } catch (error) {
        throw new InputError(`${join(root, path)}: cannot read (${error.code ?? error.message})`);
      }
    },
  };
}

function gitTree(gitDir, rev) {
  const git = (...args) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  let commit;
  let date;
  try {
    [commit, date] = git('log', '-1', '--format=%H%n%cI', `${rev}^{commit}`).trim().split('\n');
  } catch (error) {
    throw new InputError(`${gitDir}: cannot read revision "${rev}" (${String(error.stderr ?? error.message).trim().split('\n')[0]})`);
  }
  const blobs = new Map(); // path → text, filled by prefetch()
  const read = (path) => {
    if (blobs.has(path)) return blobs.get(path);
    try {
      return git('cat-file', 'blob', `${commit}:${path}`);
    } catch {
      throw new InputError(`${gitDir}: cannot read ${path} at ${commit.slice(0, 8)}`);
    }
  };
  const resolve = (path, depth = 0) => {
    // A symlink's blob is its target; follow it (relative to the link's folder) to read the content.
    const entry = lsEntry(path);
    if (entry?.mode !== '120000' || depth > 8) return path;
    return resolve(posix.normalize(posix.join(posix.dirname(path), read(path))), depth + 1);
  };
  const known = new Map(); // path → { mode, type }, filled by list() so reads need no extra ls-tree
  const lsEntry = (path) => {
    if (known.has(path)) return known.get(path);
    const out = git('ls-tree', '-z', commit, '--', path).split('\0').filter(Boolean)[0];
    if (!out) return undefined;
    const [meta] = out.split('\t');
    const [mode, type] = meta.split(' ');
    return { mode, type };
  };
  return {
    label: `${gitDir} @ ${commit.slice(0, 8)}`,
    commit,
    date,
    exists(path) {
      return path === '' || lsEntry(path) !== undefined;
    },
    list(dir) {
      let out;
      try {
        out = git('ls-tree', '-z', commit, '--', dir === '' ? '.' : `${dir}/`);
      } catch {
        return undefined;
      }
      const entries = out.split('\0').filter(Boolean).map((line) => {
        const tab = line.indexOf('\t');
        const [mode, type] = line.slice(0, tab).split(' ');
        const path = line.slice(tab + 1);
        const name = posix.basename(path);
        known.set(path, { mode, type });
        if (mode === '120000') {
          const link = posix.normalize(posix.join(dir, read(path)));
          const target = lsEntry(resolve(path));
          return { name, path, type: target?.type === 'tree' ? 'dir' : target ? 'file' : 'broken-link', link };
        }
        return { name, path, type: type === 'tree' ? 'dir' : 'file' };
      });
      return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    read(path) {
      return read(resolve(path));
    },
    /** Reads many files with one `git cat-file --batch` (one process instead of one per file). */
    prefetch(paths) {
      const wanted = [...new Set(paths.map((p) => resolve(p)))].filter((p) => !blobs.has(p));
      if (wanted.length === 0) return;
      const out = execFileSync('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { input: wanted.map((p) => `${commit}:${p}\n`).join(''), maxBuffer: 1024 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'] });
      let at = 0;
      for (const path of wanted) {
        const eol = out.indexOf(10, at);
        const header = out.subarray(at, eol).toString('utf8');
        const [, type, size] = header.split(' ');
        if (type !== 'blob') throw new InputError(`${gitDir}: cannot read ${path} at ${commit.slice(0, 8)} (${header})`);
        blobs.set(path, out.subarray(eol + 1, eol + 1 + Number(size)).toString('utf8'));
        at = eol + 1 + Number(size) + 1;
      }
    },
  };
}
