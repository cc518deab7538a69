/**
 * The rooms of docs/architecture.md, held against the code's imports: production code never
 * imports test code, only the composition root and the entry reach the edge, formats never reach
 * the backend or the edge, and the core stands on nothing but the leaf helpers.
 */

import { describe, expect, it } from 'bun:test'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const root = resolve(import.meta.dir, '../..')
const sourceRoot = join(root, 'src')

function listSourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
}

/** Every relative import of a production file, as a path from the repository root. */
const imports = listSourceFiles(sourceRoot).flatMap((file) => {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((match) => ({
    from: relative(root, file),
    to: relative(root, resolve(dirname(file), match[1]!)),
  }))
})

function violations(fromPrefix: string | ((path: string) => boolean), toPrefixes: string[]): string[] {
  const fromMatches = typeof fromPrefix === 'string' ? (path: string) => path.startsWith(fromPrefix) : fromPrefix
  return imports.filter((edge) => fromMatches(edge.from) && toPrefixes.some((prefix) => edge.to.startsWith(prefix))).map((edge) => `${edge.from} -> ${edge.to}`)
}

describe('room boundaries', () => {
  it('reads the imports of the whole source tree', () => {
    expect(imports.length).toBeGreaterThan(200)
  })

  it('no production file imports test code', () => {
    expect(violations('src/', ['test/'])).toEqual([])
  })

  it('only the entry and the composition root reach the edge from outside it', () => {
    const outsideEdge = (path: string) => !path.startsWith('src/edge/') && path !== 'src/runtime.ts' && path !== 'src/main.ts'
    expect(violations(outsideEdge, ['src/edge/'])).toEqual([])
  })

  it('formats reach neither the backends, the pipeline nor the edge', () => {
    expect(violations('src/formats/', ['src/backends/', 'src/pipeline/', 'src/edge/', 'src/access/'])).toEqual([])
  })

  it('the core stands on the leaf helpers only', () => {
    expect(violations('src/core/', ['src/edge/', 'src/pipeline/', 'src/formats/', 'src/backends/', 'src/access/', 'src/config/', 'src/models/', 'src/demo/'])).toEqual([])
  })
})
