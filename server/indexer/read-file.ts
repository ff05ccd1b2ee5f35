import fs from 'node:fs';

/**
 * The walk saw a regular file; by the time it is read it may have been replaced. A symbolic
 * link is not followed (it could serve /etc/passwd as a page) and a FIFO or device is not
 * read (a FIFO without a writer blocked the run forever, holding the write lock): the file
 * is opened without following links and without blocking, and checked on the open handle.
 */
const FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK;

export type OpenedFile = { fd: number; size: number } | { problem: string; code: string };

export function openRegularFile(file: string): OpenedFile {
  let fd: number;
  try {
    fd = fs.openSync(file, FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    // O_NOFOLLOW on a link fails with ELOOP.
    if (code === 'ELOOP') return { code: 'symlink', problem: 'Not read: the file is a symbolic link (links are never followed)' };
    return { code, problem: `Cannot read file: ${code}` };
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isFile()) return { fd, size: st.size };
    fs.closeSync(fd);
    return { code: 'not-regular', problem: `Not read: the file is ${kindOf(st)}, not a regular file` };
  } catch (err) {
    fs.closeSync(fd);
    const code = (err as NodeJS.ErrnoException).code ?? 'EIO';
    return { code, problem: `Cannot read file: ${code}` };
  }
}

function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/** Up to `max` bytes from the start of an open file (fewer at its end). */
export function readUpTo(fd: number, max: number): Buffer {
  const buf = Buffer.allocUnsafe(max);
  let n = 0;
  while (n < max) {
    const got = fs.readSync(fd, buf, n, max - n, n);
    if (got === 0) break;
    n += got;
  }
  return buf.subarray(0, n);
}

/** A regular file's bytes (at most `max`), or null when it is missing, a link, a FIFO… */
export function readRegularFile(file: string, max = 256 * 1024 * 1024): Buffer | null {
  const opened = openRegularFile(file);
  if ('problem' in opened) return null;
  try {
    return readUpTo(opened.fd, Math.min(max, opened.size));
  } finally {
    fs.closeSync(opened.fd);
  }
}
