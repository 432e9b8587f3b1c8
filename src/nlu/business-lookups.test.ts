import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testTenant } from '../../test/support/test-config.ts';
import {
  lookupsFromBusinessData,
  lookupsFromCatalog,
  mergeLookups,
  parseCsv,
  readBusinessLookups,
} from './business-lookups.ts';
import { readTrainingData } from './training-data.ts';

const DEMO = resolve(import.meta.dirname, '../../examples/demo');
const folder = mkdtempSync(join(tmpdir(), 'orquesta-lookups-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
}

describe('lookupsFromBusinessData', () => {
  it("reads the demo clinic's services and professionals: ids as values, names as synonyms", () => {
    const lookups = lookupsFromBusinessData(join(DEMO, 'clinica/negocio.yaml'));
    expect(lookups.service).toEqual([
      { value: 'depilacion-laser', synonyms: ['Depilación láser'] },
      { value: 'limpieza-facial', synonyms: ['Limpieza facial profunda'] },
      { value: 'valoracion', synonyms: ['Consulta de valoración'] },
      { value: 'masaje-relajante', synonyms: ['Masaje relajante'] },
      { value: 'peeling-quimico', synonyms: ['Peeling químico'] },
    ]);
    expect(lookups.professional).toEqual([
      { value: 'laura', synonyms: ['Dra. Laura Gómez', 'Laura Gómez', 'Laura'] },
      { value: 'andres', synonyms: ['Andrés Rojas', 'Andrés'] },
      { value: 'camila', synonyms: ['Camila Ortiz', 'Camila'] },
    ]);
  });

  it('accepts English keys and numeric ids, and gives nothing for a file without either list', () => {
    const path = file('business.yaml', 'services:\n  - { id: 7, name: Botox }\nprofessionals: []\n');
    expect(lookupsFromBusinessData(path)).toEqual({ service: [{ value: '7', synonyms: ['Botox'] }] });
    expect(lookupsFromBusinessData(file('empty.yaml', 'nombre: X\n'))).toEqual({});
  });

  it('names the file when it cannot be read or has the wrong shape', () => {
    expect(() => lookupsFromBusinessData(join(folder, 'missing.yaml'))).toThrow(
      /missing\.yaml: cannot read the business data \(ENOENT\)/,
    );
    expect(() => lookupsFromBusinessData(file('bad.yaml', 'servicios: [ { nombre: x } ]\n'))).toThrow(
      /bad\.yaml: services and professionals must be lists of \{ id, nombre \}/,
    );
    expect(() => lookupsFromBusinessData(file('broken.yaml', 'servicios: [\n'))).toThrow(
      /broken\.yaml is not valid YAML/,
    );
  });
});

describe('lookupsFromCatalog', () => {
  it("reads the demo dealer's makes and models once each, with compact spellings of models", () => {
    const { make, model } = lookupsFromCatalog(join(DEMO, 'autos/catalogo.csv'));
    expect(make?.map((entry) => entry.value).sort()).toEqual([
      'Audi',
      'BMW',
      'Chevrolet',
      'Ford',
      'Honda',
      'Hyundai',
      'Kia',
      'Mazda',
      'Mercedes-Benz',
      'Nissan',
      'Renault',
      'Seat',
      'Suzuki',
      'Toyota',
      'Volkswagen',
    ]);
    expect(model).toHaveLength(52);
    expect(model).toContainEqual({ value: 'Jetta' });
    expect(model).toContainEqual({ value: 'CX-5', synonyms: ['CX5'] });
    expect(model).toContainEqual({ value: 'Mazda 3', synonyms: ['Mazda3'] });
  });

  it('reads quoted fields, Spanish column names and Windows line ends', () => {
    const path = file(
      'catalogo.csv',
      'id,Marca,Modelo,notas\r\n1,"Mercedes-Benz","Clase A","con ""extras"", y comas"\r\n\r\n2,Kia,Rio,\r\n',
    );
    expect(lookupsFromCatalog(path)).toEqual({
      make: [{ value: 'Mercedes-Benz' }, { value: 'Kia' }],
      model: [{ value: 'Clase A', synonyms: ['ClaseA'] }, { value: 'Rio' }],
    });
  });

  it('says which columns are missing', () => {
    expect(() => lookupsFromCatalog(file('sin-columnas.csv', 'id,brand\n1,Kia\n'))).toThrow(
      /sin-columnas\.csv:1 has no "make" and "model" columns/,
    );
  });
});

describe('parseCsv', () => {
  it('splits rows and fields as RFC 4180 says, keeping line breaks inside quotes', () => {
    expect(parseCsv('\uFEFFa,b,c\n"1,5","dos\nlineas",""\nx,,z')).toEqual([
      ['a', 'b', 'c'],
      ['1,5', 'dos\nlineas', ''],
      ['x', '', 'z'],
    ]);
    expect(parseCsv('')).toEqual([]);
  });
});

describe('readBusinessLookups', () => {
  it("reads the files a tenant's business section names, relative to the configuration", () => {
    const clinica = readBusinessLookups(
      testTenant({ business: { data: 'clinica/negocio.yaml', knowledge: 'clinica/conocimiento' } }),
      DEMO,
    );
    expect(Object.keys(clinica)).toEqual(['service', 'professional']);
    const autos = readBusinessLookups(testTenant({ business: { catalog: 'autos/catalogo.csv' } }), DEMO);
    expect(Object.keys(autos)).toEqual(['make', 'model']);
    expect(readBusinessLookups(testTenant(), DEMO)).toEqual({});
  });

  it('refuses a business file that is not a path', () => {
    expect(() => readBusinessLookups(testTenant({ business: { catalog: 42 } }), DEMO)).toThrow(
      /tenant "clinica": business\.data and business\.catalog must be file paths/,
    );
  });
});

describe('mergeLookups', () => {
  it('joins entries with the same value and attaches the synonyms that name them', () => {
    const training = {
      examples: [],
      regexes: [],
      lookups: { service: ['depilacion-laser', 'botox'], body_type: ['suv'] },
      synonyms: { laser: 'depilacion-laser', lazer: 'Depilacion-Laser', camioneta: 'suv', otra: 'nada' },
    };
    const business = {
      service: [{ value: 'depilacion-laser', synonyms: ['Depilación láser'] }, { value: 'valoracion' }],
    };
    expect(mergeLookups(training, business)).toEqual({
      service: [
        { value: 'depilacion-laser', synonyms: ['Depilación láser', 'laser', 'lazer'] },
        { value: 'valoracion' },
        { value: 'botox' },
      ],
      body_type: [{ value: 'suv', synonyms: ['camioneta'] }],
    });
  });

  it("gives the demo tenants' lookups from their nlu.yml and business files together", () => {
    const clinica = mergeLookups(
      readTrainingData(join(DEMO, 'clinica/nlu.yml')),
      lookupsFromBusinessData(join(DEMO, 'clinica/negocio.yaml')),
    );
    expect(clinica.service?.find((entry) => entry.value === 'masaje-relajante')?.synonyms).toEqual(
      expect.arrayContaining(['Masaje relajante', 'masaje', 'masajes']),
    );
    expect(clinica.professional?.find((entry) => entry.value === 'laura')?.synonyms).toEqual(
      expect.arrayContaining(['Dra. Laura Gómez', 'doctora laura']),
    );
    const autos = mergeLookups(
      readTrainingData(join(DEMO, 'autos/nlu.yml')),
      lookupsFromCatalog(join(DEMO, 'autos/catalogo.csv')),
    );
    expect(autos.make?.find((entry) => entry.value === 'Nissan')?.synonyms).toContain('nisan');
    expect(autos.model?.find((entry) => entry.value === 'Jetta')?.synonyms).toContain('jeta');
    expect(autos.model?.find((entry) => entry.value === 'CX-5')?.synonyms).toEqual(['CX5']);
    expect(autos.body_type?.find((entry) => entry.value === 'pickup')?.synonyms).toContain('troca');
  });
});
