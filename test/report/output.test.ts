/** Outputs are written whole or not at all, and only inside the output folder. */
import { describe, expect, test } from 'vitest';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputPathError, OutputSet, safeName } from '../../src/report/output.js';
import { defaultOutputDir } from '../../src/cli/output.js';
import { csvField } from '../../src/experiments/render.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'lightcone-output-'));

describe('OutputSet', () => {
  test('nothing appears under a final name before commit; everything after', () => {
    const dir = join(tmp(), 'out');
    const set = OutputSet.open(dir);
    set.write('summary.json', '{}\n');
    set.write('charts/a.svg', '<svg/>');
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^\.lightcone-partial-\d+$/)]);
    expect(set.commit()).toEqual([join(dir, 'summary.json'), join(dir, 'charts/a.svg')]);
    expect(readdirSync(dir).sort()).toEqual(['charts', 'summary.json']);
    expect(readFileSync(join(dir, 'charts/a.svg'), 'utf8')).toBe('<svg/>');
  });

  test('abort leaves the previous complete output as it was', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'summary.json'), 'previous');
    const set = OutputSet.open(dir);
    set.write('summary.json', 'new');
    set.abort();
    expect(readdirSync(dir)).toEqual(['summary.json']);
    expect(readFileSync(join(dir, 'summary.json'), 'utf8')).toBe('previous');
  });

  test('a symlink inside the output folder is replaced, never followed', () => {
    const dir = tmp();
    const elsewhere = tmp();
    writeFileSync(join(elsewhere, 'victim.json'), 'keep me');
    symlinkSync(join(elsewhere, 'victim.json'), join(dir, 'summary.json'));
    symlinkSync(elsewhere, join(dir, 'charts'));
    const set = OutputSet.open(dir);
    set.write('summary.json', 'mine');
    set.write('charts/victim.json', 'mine too');
    set.commit();
    expect(readFileSync(join(elsewhere, 'victim.json'), 'utf8')).toBe('keep me');
    expect(readdirSync(elsewhere)).toEqual(['victim.json']);
    expect(lstatSync(join(dir, 'summary.json')).isSymbolicLink()).toBe(false);
    expect(lstatSync(join(dir, 'charts')).isDirectory()).toBe(true);
    expect(readFileSync(join(dir, 'charts/victim.json'), 'utf8')).toBe('mine too');
  });

  test('a file name that would leave the folder is refused', () => {
    const set = OutputSet.open(tmp());
    for (const bad of ['../x', '/etc/x', 'a/../../x', '.', '']) expect(() => set.write(bad, 'x'), bad).toThrow(OutputPathError);
    set.abort();
  });

  test('a staging folder left by a killed process is removed by the next writer', () => {
    const dir = tmp();
    mkdirSync(join(dir, '.lightcone-partial-999999999'));
    writeFileSync(join(dir, '.lightcone-partial-999999999', 'summary.json'), 'half');
    OutputSet.open(dir).abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('names used in paths', () => {
  test('a scenario named .. or with separators stays one folder below reports/', () => {
    expect(safeName('..')).toBe('__');
    expect(safeName('../../etc')).toBe('___.._etc');
    expect(safeName('.hidden')).toBe('_hidden');
    expect(safeName('a/b\\c')).toBe('a_b_c');
    expect(safeName('')).toBe('scenario');
    expect(defaultOutputDir('..', '1', [])).toBe(join('reports', '__', '1'));
  });

  test('a run with overrides gets a folder of its own', () => {
    const base = defaultOutputDir('mm1', '1', []);
    const set = defaultOutputDir('mm1', '1', ['load.requests=10']);
    expect(base).toBe(join('reports', 'mm1', '1'));
    expect(set).toMatch(/^reports[\\/]mm1[\\/]1-set-[0-9a-f]{8}$/);
    expect(defaultOutputDir('mm1', '1', ['load.requests=11'])).not.toBe(set);
    expect(existsSync(set)).toBe(false);
  });
});

describe('CSV cells', () => {
  test('text a spreadsheet would run as a formula is neutralized; numbers are not', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1+2')).toBe("'+1+2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-5ms')).toBe("'-5ms");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('-5')).toBe('-5');
    expect(csvField('+1.5e3')).toBe('+1.5e3');
    expect(csvField(-5)).toBe('-5');
    expect(csvField('least-conn')).toBe('least-conn');
  });
});
