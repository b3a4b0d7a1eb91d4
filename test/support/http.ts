/** Every API path is under this prefix (the health probes are at the root too). */
export const API = '/api/v1';

/** Plain HTTP over fetch, as a frontend would call the API. */
export interface HttpAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
  text: string;
}

export interface RequestOptions {
  token?: string;
  /** Send the body form-urlencoded (the documents' login form) instead of JSON. */
  form?: boolean;
  /** Send this exact text as the body (e.g. malformed JSON). */
  raw?: string;
  headers?: Record<string, string>;
}

/** A request to one running app (a test app in this process, or a child process). */
export type Requester = <T = any>(
  method: string,
  path: string,
  body?: unknown,
  options?: RequestOptions,
) => Promise<HttpAnswer<T>>;

export async function httpRequest<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined;
  if (options.raw !== undefined) {
    payload = options.raw;
    headers['content-type'] ??= 'application/json';
  } else if (body !== undefined) {
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      payload = new URLSearchParams(body as Record<string, string>).toString();
    } else {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(baseUrl + path, { method, headers, body: payload });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed as T, headers: response.headers, text };
}
