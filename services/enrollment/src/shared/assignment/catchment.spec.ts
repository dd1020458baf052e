import {
  containingAreaKeys,
  inCatchment,
  localityKey,
  residentialAreaKey,
  type ResidentialArea,
} from './catchment';
import { simulateRound } from './simulate';

const W = '01935d3a-0000-7000-8000-0000000000w1';
const V = '01935d3a-0000-7000-8000-0000000000v2';

describe('residential areas and catchments (tuyển sinh theo địa bàn, finer than a commune)', () => {
  it('keys a locality by its NFC, single-spaced, lower-case name', () => {
    expect(localityKey('  Khu   3 ')).toBe('khu 3');
    expect(localityKey('THÔN ĐỒNG'.normalize('NFD'))).toBe('thôn đồng');
    expect(residentialAreaKey({ orgUnitId: W })).toBe(W);
    expect(residentialAreaKey({ orgUnitId: W, locality: ' ' })).toBe(W);
    expect(residentialAreaKey({ orgUnitId: W, locality: 'Tổ 5' })).toBe(`${W}/tổ 5`);
    expect(containingAreaKeys(`${W}/tổ 5`)).toEqual([`${W}/tổ 5`, W]);
    expect(containingAreaKeys(W)).toEqual([W]);
  });

  const area = (orgUnitId: string, locality?: string): ResidentialArea => ({ orgUnitId, locality });
  // catchment, residence → in catchment?
  it.each<[string, ResidentialArea[], ResidentialArea, boolean]>([
    ['whole commune, residence by commune', [area(W)], area(W), true],
    ['whole commune, residence in one of its villages', [area(W)], area(W, 'Thôn 2'), true],
    ['its village', [area(W, 'Thôn 2'), area(W, 'Thôn 3')], area(W, 'thôn  2'), true],
    ['another village of the same commune', [area(W, 'Thôn 2')], area(W, 'Thôn 4'), false],
    ['a longer name is another village', [area(W, 'Khu 1')], area(W, 'Khu 11'), false],
    ['diacritics count', [area(W, 'Thôn Đồng')], area(W, 'Thon Dong'), false],
    ['village catchment, residence given only by commune', [area(W, 'Thôn 2')], area(W), false],
    ['the same village name in another commune', [area(W, 'Thôn 2')], area(V, 'Thôn 2'), false],
    ['another commune', [area(W)], area(V), false],
    ['empty catchment', [], area(W, 'Thôn 2'), false],
  ])('%s → %s', (_what, catchment, residence, expected) => {
    expect(inCatchment(catchment, residence)).toBe(expected);
  });

  it('two schools of one merged commune, each with its villages, rank their own residents first', () => {
    const key = (locality?: string) => residentialAreaKey({ orgUnitId: W, locality });
    const r = simulateRound({
      grade: 1,
      seed: 'catchment-seed',
      schools: [
        { id: 'TH-A', capacity: 1, catchmentAreas: [key('Thôn 1'), key('Thôn 2')] },
        { id: 'TH-B', capacity: 1, catchmentAreas: [key('Thôn 3')] },
      ],
      applicants: [
        // both want TH-A first; only a1 lives in its villages
        { id: 'a1', wishes: ['TH-A', 'TH-B'], residenceArea: key('thôn 2') },
        { id: 'b1', wishes: ['TH-A', 'TH-B'], residenceArea: key('Thôn 3'), priorityPoints: 3 },
      ],
    });
    expect(Object.fromEntries(r.assignments)).toEqual({ a1: 'TH-A', b1: 'TH-B' });
  });
});
