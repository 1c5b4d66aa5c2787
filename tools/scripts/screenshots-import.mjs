// The import preview for `npm run screenshots`: a CSV with good rows and every kind of refusal,
// chosen in the portal's Import page as a coordinator would, photographed before confirming.
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { writeFileSync } from 'node:fs';

export async function shootImportPreview({ base, api, admin, pages, shoot }) {
  const surgeons = await api('/api/users?role=surgeon', admin);
  const enrolled = (await api('/api/patients?page=1', admin)).items[0].mrn;
  const [a, b] = surgeons.map((s) => s.email);
  const csv = [
    'mrn,given_name,family_name,birth_date,email,phone,language,surgeon_email,procedure,surgery_date',
    `NEW-1001,Grace,Hopper,1948-12-09,grace@example.org,,en,${a},laminectomy,2027-01-12`,
    `NEW-1002,"María José","de la Cruz",1951-03-02,,+15551230002,es,${b},endoscopic_decompression,2027-01-14`,
    `NEW-1003,Alan,Turing,1952-06-23,alan@example.org,,en,${a},laminectomy,2027-02-30`,
    `NEW-1001,Grace,Hopper,1948-12-09,grace@example.org,,en,${a},laminectomy,2027-01-12`,
    `${enrolled},Ann,Lee,1950-01-01,ann@example.org,,en,${a},other,2027-01-20`,
    `NEW-1006,Ken,Thompson,1943-02-04,ken@example.org,,en,nobody@clinic.example,laminectomy,2027-01-21`,
    `NEW-1007,Bob,Ray\u001b[2J,1950-01-01,,+15551230007,en,${b},other,2027-01-22`,
    `NEW-1008,Ada,Lovelace,1949-12-10,ada@example.org,,en,${b},laminectomy,2027-01-23`,
  ].join('\n');
  const file = join(tmpdir(), `stride-import-${process.pid}.csv`);
  writeFileSync(file, csv + '\n');
  for (const [page, name] of pages) {
    await page.goto(`${base}/import`);
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByRole('heading', { name: /Preview/ }).waitFor();
    await page.waitForTimeout(300);
    await shoot(page, name);
  }
}
