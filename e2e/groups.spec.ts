import { randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { createAdmin, signInAs } from './fixtures/admins';
import { E2E_PORT, e2eServerEnv } from './fixtures/server';

// Users are written straight into the server's database (as JIT would leave them: every attribute a value
// row), so this test depends only on groups: the rule builder, the preview, the recompute job and the members.
const suffix = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

function insertUsers(users: { userName: string; attributes: Record<string, string> }[]): void {
  const db = new Database((e2eServerEnv({ port: E2E_PORT }).DATABASE_URL ?? '').replace(/^file:/, ''), { timeout: 10_000 });
  try {
    // The format Prisma's SQLite adapter writes DateTime columns in.
    const now = new Date().toISOString().replace('Z', '+00:00');
    const directoryId = randomUUID();
    db.transaction(() => {
      db.prepare('INSERT INTO "Directory" (id, name, type, updatedAt) VALUES (?, ?, ?, ?)').run(
        directoryId,
        `Seeded ${suffix()}`,
        'local',
        now,
      );
      for (const user of users) {
        const id = randomUUID();
        db.prepare('INSERT INTO "User" (id, directoryId, userName, email, updatedAt) VALUES (?, ?, ?, ?, ?)').run(
          id,
          directoryId,
          user.userName,
          user.attributes.email ?? null,
          now,
        );
        const value = db.prepare('INSERT INTO "UserAttributeValue" (id, userId, name, value, position) VALUES (?, ?, ?, ?, 0)');
        for (const [name, attributeValue] of Object.entries({ userName: user.userName, ...user.attributes })) {
          value.run(randomUUID(), id, name, attributeValue);
        }
      }
    })();
  } finally {
    db.close();
  }
}

test('an admin builds a group from two rules, previews it, saves it and sees its members with why', async ({ page, request }) => {
  const admin = await createAdmin(request, 'super_admin');
  const department = `Sales ${suffix()}`;
  const domain = `@acme-${suffix()}.test`;
  const member = `ada-${suffix()}`;
  insertUsers([
    { userName: member, attributes: { department, email: `${member}${domain}` } },
    { userName: `bob-${suffix()}`, attributes: { department, email: `bob${domain.replace('@', '@not-')}` } },
    { userName: `cy-${suffix()}`, attributes: { department: 'Support', email: `cy${domain}` } },
  ]);
  const name = `Sales at Acme ${suffix()}`;

  await signInAs(page, admin.email, admin.password);
  await page.getByRole('navigation').getByRole('link', { name: 'Groups' }).first().click();
  await expect(page.getByRole('heading', { name: 'Groups', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'Add group' }).click();
  await expect(page.getByRole('heading', { name: 'Add group', level: 1 })).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill(name);
  const first = page.getByRole('group', { name: 'Rule 1' });
  await first.getByLabel('Attribute').selectOption('department');
  await first.getByLabel('Operator').selectOption({ label: 'equals' });
  await first.getByLabel('Value').fill(department.toUpperCase());
  await page.getByRole('button', { name: 'Add rule' }).click();
  const second = page.getByRole('group', { name: 'Rule 2' });
  await second.getByLabel('Attribute').selectOption('email');
  await second.getByLabel('Operator').selectOption({ label: 'ends with' });
  await second.getByLabel('Value').fill(domain);

  // A broken regex is refused with the rule named, before anything is saved.
  await second.getByLabel('Operator').selectOption({ label: 'matches (regex)' });
  await second.getByLabel('Regular expression').fill('(acme');
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('main').getByRole('alert').first()).toContainText('Rule 2 (email matches)');
  await second.getByLabel('Operator').selectOption({ label: 'ends with' });
  await second.getByLabel('Value').fill(domain);

  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('status')).toHaveText(/^1 user of [\d,]+ would be in this group\.$/);
  await expect(preview.getByRole('row', { name: new RegExp(member) })).toContainText(
    `Rule 1: department equals "${department.toUpperCase()}"`,
  );

  await page.getByRole('button', { name: 'Create group' }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  // The recompute runs in the background; the page follows it and shows the member once it is done.
  await expect(page.getByText('Memberships are up to date.')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('1 member.')).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(member) });
  await expect(row).toContainText(`${member}${domain}`);
  await expect(row).toContainText(`department equals "${department.toUpperCase()}"`);
  await expect(page.getByRole('row')).toHaveCount(2); // header + the one member

  // The list shows the group with its rules and member count.
  await page.getByRole('navigation').getByRole('link', { name: 'Groups' }).first().click();
  const listed = page.getByRole('row', { name: new RegExp(name) });
  await expect(listed).toContainText(`department equals "${department.toUpperCase()}" and email ends with "${domain}"`);
  await expect(listed.getByRole('cell').nth(2)).toHaveText('1');

  // Delete, with a confirmation step.
  await listed.getByRole('link', { name }).click();
  await page.getByRole('button', { name: 'Delete group…' }).click();
  await page.getByRole('group', { name: 'Delete group' }).getByRole('button', { name: 'Delete group' }).click();
  await expect(page.getByRole('heading', { name: 'Groups', level: 1 })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);
});
