import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { API } from './support/http.js';
import {
  callAs,
  createServer as create,
  locs,
  MISSING_ID,
  NOT_FOUND,
} from './support/servers-api.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type RegisteredUser, registerUser } from './support/users.js';

/** Create, read, update and delete of one server; lists are in servers-list.e2e-spec.ts. */
describe('servers', () => {
  let api: TestApp;
  let admin: RegisteredUser;
  let alice: RegisteredUser;
  let bob: RegisteredUser;

  const as = (user: RegisteredUser) => {
    const call = callAs(api, user);
    return {
      get: (path: string) => call('GET', path),
      post: (path: string, body: unknown) => call('POST', path, body),
      patch: (path: string, body: unknown) => call('PATCH', path, body),
      delete: (path: string) => call('DELETE', path),
    };
  };
  const createServer = (user: RegisteredUser, body: Record<string, unknown>) =>
    create(api, user, body);

  beforeAll(async () => {
    api = await startTestApp();
    admin = await registerUser(api); // the first user of an empty database is the admin
    alice = await registerUser(api);
    bob = await registerUser(api);
    expect([admin.isAdmin, alice.isAdmin, bob.isAdmin]).toEqual([true, false, false]);
  });

  afterAll(async () => {
    await api.close();
  });

  describe('POST /servers', () => {
    it('creates a server: trimmed name, deduplicated tags, offline, no agent yet', async () => {
      const res = await as(alice).post('/servers', {
        name: '  web-01  ',
        hostname: 'web-01.example.com',
        description: 'Front web server',
        tags: [' prod ', 'eu-west-1', 'prod'],
        unknown_field: 'ignored',
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'web-01',
        hostname: 'web-01.example.com',
        description: 'Front web server',
        tags: ['prod', 'eu-west-1'],
        status: 'offline',
        last_seen_at: null,
        agent: null,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        updated_at: expect.stringMatching(/Z$/),
      });
      const [row] = await api.sql('SELECT owner_id, tags FROM servers WHERE id = $1', [
        res.body.id,
      ]);
      expect(row).toEqual({ owner_id: alice.id, tags: ['prod', 'eu-west-1'] });
    });

    it('defaults the optional fields to null and no tags', async () => {
      const server = await createServer(alice, { name: 'bare' });
      expect(server).toMatchObject({ name: 'bare', hostname: null, description: null, tags: [] });
    });

    it('refuses a duplicate name of the same owner, whatever its case and surrounding spaces (409)', async () => {
      await createServer(alice, { name: 'db-primary' });
      for (const name of ['db-primary', 'DB-Primary', '  db-PRIMARY ']) {
        const res = await as(alice).post('/servers', { name });
        expect(res.status).toBe(409);
        expect(res.body).toEqual({ detail: 'Server name already exists' });
      }
    });

    it('lets another user use the same name', async () => {
      await createServer(bob, { name: 'db-primary' });
    });

    it('answers 422 with one item per failed field and its exact loc', async () => {
      expect(locs(await as(alice).post('/servers', {}))).toEqual([['body', 'name']]);
      expect((await as(alice).post('/servers', {})).body.detail[0]).toMatchObject({
        type: 'missing',
        msg: 'Field required',
      });
      expect(locs(await as(alice).post('/servers', { name: '   ' }))).toEqual([['body', 'name']]);
      expect(locs(await as(alice).post('/servers', { name: 'x'.repeat(101) }))).toEqual([
        ['body', 'name'],
      ]);
      expect(locs(await as(alice).post('/servers', { name: 42 }))).toEqual([['body', 'name']]);
      expect(locs(await as(alice).post('/servers', { name: 'a\u0000b' }))).toEqual([
        ['body', 'name'],
      ]);
      expect(
        locs(
          await as(alice).post('/servers', {
            name: 'ok',
            hostname: 'h'.repeat(256),
            description: 'd'.repeat(1001),
            tags: 'prod',
          }),
        ),
      ).toEqual([
        ['body', 'hostname'],
        ['body', 'description'],
        ['body', 'tags'],
      ]);
      for (const tags of [
        ['bad tag'],
        [''],
        ['t'.repeat(51)],
        [7],
        Array.from({ length: 21 }, (_, i) => `t${i}`),
      ]) {
        expect(locs(await as(alice).post('/servers', { name: 'ok', tags }))).toEqual([
          ['body', 'tags'],
        ]);
      }
    });

    it('accepts exactly the limits: 100-character name, 20 tags of 50 characters', async () => {
      const tags = Array.from({ length: 20 }, (_, i) => `${i}`.padStart(50, 'a'));
      const server = await createServer(alice, {
        name: 'n'.repeat(100),
        hostname: 'h'.repeat(255),
        description: 'd'.repeat(1000),
        tags,
      });
      expect(server.tags).toEqual(tags);
    });

    it('requires authentication (401)', async () => {
      const res = await api.request('POST', `${API}/servers`, { name: 'anonymous' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: 'Not authenticated' });
    });
  });

  describe('GET/PATCH/DELETE /servers/{id}', () => {
    it("gets the caller's own server", async () => {
      const server = await createServer(alice, { name: 'get-me', tags: ['x'] });
      const res = await as(alice).get(`/servers/${server.id}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(server);
    });

    it("answers 404 — never 403 — for another user's server, on every route", async () => {
      const server = await createServer(alice, { name: 'private' });
      const responses = [
        await as(bob).get(`/servers/${server.id}`),
        await as(bob).patch(`/servers/${server.id}`, { name: 'stolen' }),
        await as(bob).delete(`/servers/${server.id}`),
        // Admins have no back door on item routes either: all=true is a read-only overview.
        await as(admin).get(`/servers/${server.id}`),
      ];
      for (const res of responses) {
        expect(res.status).toBe(404);
        expect(res.body).toEqual(NOT_FOUND);
      }
      expect((await as(alice).get(`/servers/${server.id}`)).body.name).toBe('private');
    });

    it('answers 404 for an unknown id and for an id that is not a UUID', async () => {
      for (const id of [MISSING_ID, 'not-a-uuid', '1', "1' OR '1'='1"]) {
        const path = `/servers/${encodeURIComponent(id)}`;
        for (const res of [
          await as(alice).get(path),
          await as(alice).patch(path, { name: 'x' }),
          await as(alice).delete(path),
        ]) {
          expect(res.status).toBe(404);
          expect(res.body).toEqual(NOT_FOUND);
        }
      }
    });

    it('changes any subset of fields, clears hostname/description with null, and moves updated_at', async () => {
      const server = await createServer(alice, {
        name: 'patch-me',
        hostname: 'h1',
        description: 'd1',
        tags: ['a'],
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const renamed = await as(alice).patch(`/servers/${server.id}`, { name: ' patched ' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({
        name: 'patched',
        hostname: 'h1',
        description: 'd1',
        tags: ['a'],
      });
      expect(Date.parse(renamed.body.updated_at)).toBeGreaterThan(Date.parse(server.updated_at));
      expect(renamed.body.created_at).toBe(server.created_at);

      const cleared = await as(alice).patch(`/servers/${server.id}`, {
        hostname: null,
        description: null,
        tags: ['b', 'b', 'c'],
      });
      expect(cleared.status).toBe(200);
      expect(cleared.body).toMatchObject({
        name: 'patched',
        hostname: null,
        description: null,
        tags: ['b', 'c'],
      });
      expect((await as(alice).get(`/servers/${server.id}`)).body).toEqual(cleared.body);

      // Changing only the case of its own name is not a collision with itself.
      expect((await as(alice).patch(`/servers/${server.id}`, { name: 'PATCHED' })).body.name).toBe(
        'PATCHED',
      );
      expect((await as(alice).patch(`/servers/${server.id}`, {})).status).toBe(200);
      // A blank hostname or description (after trimming) is no value: stored as null.
      const blanked = await as(alice).patch(`/servers/${server.id}`, {
        hostname: '  ',
        description: '',
      });
      expect(blanked.body).toMatchObject({ hostname: null, description: null });
    });

    it("refuses a rename onto another server's name (409) and invalid values (422)", async () => {
      await createServer(alice, { name: 'taken' });
      const server = await createServer(alice, { name: 'free' });
      const res = await as(alice).patch(`/servers/${server.id}`, { name: 'TAKEN' });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ detail: 'Server name already exists' });
      expect(locs(await as(alice).patch(`/servers/${server.id}`, { name: null }))).toEqual([
        ['body', 'name'],
      ]);
      expect(locs(await as(alice).patch(`/servers/${server.id}`, { name: '' }))).toEqual([
        ['body', 'name'],
      ]);
      expect(
        locs(await as(alice).patch(`/servers/${server.id}`, { tags: null, hostname: 5 })),
      ).toEqual([
        ['body', 'hostname'],
        ['body', 'tags'],
      ]);
    });

    it('deletes a server (204); it is gone afterwards', async () => {
      const server = await createServer(alice, { name: 'delete-me' });
      const res = await as(alice).delete(`/servers/${server.id}`);
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect((await as(alice).get(`/servers/${server.id}`)).status).toBe(404);
      expect((await as(alice).delete(`/servers/${server.id}`)).status).toBe(404);
      // Its name is free again.
      await createServer(alice, { name: 'delete-me' });
    });
  });
});
