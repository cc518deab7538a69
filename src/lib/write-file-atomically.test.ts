import { afterAll, describe, expect, it } from 'bun:test'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { removeStaleTemporaryFiles, writeFileAtomically } from './write-file-atomically.ts'

const directory = mkdtempSync(join(tmpdir(), 'atomic-write-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

/** A pid no process has: past the kernel's pid_max default ceiling. */
const deadPid = 4_194_305

describe('writeFileAtomically', () => {
  it('writes the whole file with mode 0600 and leaves no temporary file', async () => {
    const file = join(directory, 'one', 'state.json')
    await writeFileAtomically(file, '{"a":1}')
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readdirSync(join(directory, 'one'))).toEqual(['state.json'])
  })
})

describe('removeStaleTemporaryFiles (a SIGKILL between write and rename)', () => {
  it("deletes the temporary files of processes that are gone, and keeps live ones' and other files", async () => {
    const file = join(directory, 'work.cookies.json')
    writeFileSync(file, '{}')
    writeFileSync(`${file}.${deadPid}.tmp`, 'secret cookies')
    writeFileSync(`${file}.${process.pid}.tmp`, 'being written')
    writeFileSync(join(directory, 'other.cookies.json.123.tmpx'), '')
    expect(await removeStaleTemporaryFiles(file)).toBe(1)
    expect(readdirSync(directory).sort()).toEqual(['one', 'other.cookies.json.123.tmpx', 'work.cookies.json', `work.cookies.json.${process.pid}.tmp`].sort())
  })

  it('copes with a directory that does not exist', async () => {
    expect(await removeStaleTemporaryFiles(join(directory, 'missing', 'x.json'))).toBe(0)
  })
})
