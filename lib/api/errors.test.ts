import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, toErrorBody } from './errors';

describe('toErrorBody', () => {
  it('maps an AppError code to its status', () => {
    expect(toErrorBody(new AppError('conflict', 'Taken'))).toEqual({
      status: 409,
      body: { error: { code: 'conflict', message: 'Taken' } },
    });
    expect(toErrorBody(new AppError('forbidden', 'No')).status).toBe(403);
  });

  it('turns validation errors into 422 with per-field messages', () => {
    const result = z.object({ email: z.email('Enter a valid email address') }).safeParse({ email: 'nope' });
    expect(result.success).toBe(false);
    const { status, body } = toErrorBody(result.error);
    expect(status).toBe(422);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toBe('email: Enter a valid email address');
    expect(body.error.fields).toEqual({ email: 'Enter a valid email address' });
  });

  it('hides the details of unexpected errors', () => {
    const { status, body } = toErrorBody(new Error('connection string postgres://secret@db'));
    expect(status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('secret');
  });
});
