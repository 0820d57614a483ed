/**
 * RFC 9457 problem details as the Tongban API sends them: a Chinese `title`, an optional
 * `detail`, a stable `code` and, for validation failures, `errors: { field: [messages] }`.
 */
export interface ProblemDetails {
  type?: string | null
  title?: string | null
  status?: number | null
  detail?: string | null
  instance?: string | null
  code?: string | null
  errors?: Record<string, string[]> | null
}

export class ApiError extends Error {
  readonly status: number
  readonly title: string
  readonly detail?: string
  readonly code?: string
  readonly errors: Record<string, string[]>
  /** Seconds from a Retry-After header (429, 503), when the server sent one. */
  retryAfter?: number

  constructor(status: number, title: string, detail?: string, code?: string, errors?: Record<string, string[]>) {
    super(detail ? `${title}: ${detail}` : title)
    this.name = 'ApiError'
    this.status = status
    this.title = title
    this.detail = detail
    this.code = code
    this.errors = errors ?? {}
  }

  /** Every validation message, field by field, in the order the server sent them. */
  get fieldMessages(): string[] {
    return Object.values(this.errors).flat()
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined
}

function parseErrors(v: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  if (!isRecord(v)) return out
  for (const [field, messages] of Object.entries(v)) {
    if (Array.isArray(messages)) {
      const list = messages.filter((m): m is string => typeof m === 'string')
      if (list.length) out[field] = list
    } else if (typeof messages === 'string') {
      out[field] = [messages]
    }
  }
  return out
}

/**
 * Turns an error response into an ApiError. `body` is whatever the response held (parsed JSON,
 * text or nothing); `fallbackTitle` is used when the server sent no usable problem document
 * (a proxy error page, an empty 502 …).
 */
export function parseProblem(status: number, body: unknown, fallbackTitle: string): ApiError {
  if (!isRecord(body)) return new ApiError(status, fallbackTitle)
  const st = typeof body.status === 'number' ? body.status : status
  const title = str(body.title) ?? fallbackTitle
  const errors = parseErrors(body.errors)
  let detail = str(body.detail)
  // A 400 without a detail still has to tell the user what is wrong.
  if (!detail && Object.keys(errors).length) detail = Object.values(errors).flat().join('；')
  return new ApiError(st, title, detail, str(body.code), errors)
}

/** One line for a toast: "title：detail", or just the title. */
export function problemText(err: Pick<ApiError, 'title' | 'detail'>): string {
  return err.detail && err.detail !== err.title ? `${err.title}：${err.detail}` : err.title
}

/** Retry-After as seconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v)
  const at = Date.parse(v)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, Math.ceil((at - now) / 1000))
}
