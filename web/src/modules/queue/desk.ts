import { http, unwrap } from '../../api/client'
// Errors are not toasted: the calling panel shows the server's title and detail next to the buttons.
import type { components } from '../../api/schema'

export type ClerkDesk = components['schemas']['ClerkDeskDto']
export type QueueTicket = components['schemas']['QueueTicketDto']
export type DeskAction = 'call' | 'recall' | 'skip' | 'transfer' | 'start' | 'finish'

/** The window a device's clerk sits at, remembered per service point: picked once, kept across logins on that device. */
export const WINDOW_KEY_PREFIX = 'tongban.queue.window.'

export function rememberedWindow(servicePointCode: string, windows: { code: string }[]): string | null {
  const code = localStorage.getItem(WINDOW_KEY_PREFIX + servicePointCode)
  return code && windows.some((w) => w.code === code) ? code : null
}

export function rememberWindow(servicePointCode: string, windowCode: string | null): void {
  if (windowCode) localStorage.setItem(WINDOW_KEY_PREFIX + servicePointCode, windowCode)
  else localStorage.removeItem(WINDOW_KEY_PREFIX + servicePointCode)
}

/** The buttons a ticket's step allows (docs/queue.md): the server would answer any other with a 409. */
export function allowedActions(ticket: Pick<QueueTicket, 'status'> | null | undefined): DeskAction[] {
  switch (ticket?.status) {
    case 'called':
      return ['recall', 'skip', 'transfer', 'start']
    case 'serving':
      return ['transfer', 'finish']
    default:
      return ['call']
  }
}

/**
 * 开始办理 opens 窗口收件 with the ticket's item chosen, when the ticket names one, and for a booked ticket (预约签到) its id,
 * so the form brings in the person who booked.
 */
export function intakeRoute(ticket: Pick<QueueTicket, 'id' | 'itemCode' | 'ticketNumber' | 'appointmentNumber'>): { path: string; query: Record<string, string> } {
  const query: Record<string, string> = { ticket: ticket.ticketNumber }
  if (ticket.itemCode) query.item = ticket.itemCode
  if (ticket.appointmentNumber) query.ticketId = String(ticket.id)
  return { path: '/workbench/accept', query }
}

export type TicketApplicant = components['schemas']['TicketApplicantDto']

/** The person who booked a called ticket's appointment (their ID number then opens their library in 窗口收件). */
export function ticketApplicant(id: number): Promise<TicketApplicant> {
  return unwrap(http.GET('/api/queue/tickets/{id}/applicant', { params: { path: { id } } }), true)
}

/** After a step: the ticket stays at the window while called or served; finished, skipped or transferred it leaves. */
export function stillAtWindow(ticket: QueueTicket | null, windowCode: string): QueueTicket | null {
  return ticket && (ticket.status === 'called' || ticket.status === 'serving') && ticket.windowCode === windowCode ? ticket : null
}

export function getDesk(windowCode: string | null): Promise<ClerkDesk> {
  return unwrap(http.GET('/api/queue/desk', { params: { query: { windowCode: windowCode ?? undefined } } }), true)
}

/** 叫号: the next ticket, or null when nobody waits (204). */
export async function callNext(windowCode: string): Promise<QueueTicket | null> {
  const data = await unwrap(http.POST('/api/queue/windows/{windowCode}/call-next', { params: { path: { windowCode } } }), true)
  return (data as QueueTicket | undefined) ?? null
}

export function act(id: number, action: 'recall' | 'skip' | 'start' | 'finish'): Promise<QueueTicket> {
  const path = { params: { path: { id } } }
  switch (action) {
    case 'recall':
      return unwrap(http.POST('/api/queue/tickets/{id}/recall', path), true)
    case 'skip':
      return unwrap(http.POST('/api/queue/tickets/{id}/skip', path), true)
    case 'start':
      return unwrap(http.POST('/api/queue/tickets/{id}/start', path), true)
    default:
      return unwrap(http.POST('/api/queue/tickets/{id}/finish', path), true)
  }
}

export function transfer(id: number, windowCode: string): Promise<QueueTicket> {
  return unwrap(http.POST('/api/queue/tickets/{id}/transfer', { params: { path: { id } }, body: { windowCode } }), true)
}
