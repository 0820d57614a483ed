import { buildUrl, http, unwrap } from '../../api/client'
import type { components } from '../../api/schema'

type Schemas = components['schemas']
export type OpeningDay = Schemas['OpeningDay']
export type Slot = Schemas['SlotDto']
export type Appointment = Schemas['AppointmentDto']
export type AppointmentPage = Schemas['PagedOfAppointmentDto']
export type ServicePoint = Schemas['ServicePointDto']

export function getOpeningHours(code: string, from?: string, to?: string, signal?: AbortSignal): Promise<OpeningDay[]> {
  return unwrap(http.GET('/api/service-points/{code}/hours', { params: { path: { code }, query: { from, to } }, signal }))
}

export function listServicePoints(level?: string): Promise<ServicePoint[]> {
  return unwrap(http.GET('/api/service-points', { params: { query: { level } } }))
}

export function listSlots(servicePoint: string, item: string, date: string, signal?: AbortSignal): Promise<Slot[]> {
  return unwrap(http.GET('/api/appointments/slots', { params: { query: { servicePoint, item, date } }, signal }), (e) => e.status === 409)
}

/** 409s (full, barred, too many, closed) are shown by the page next to the slots. */
export function book(servicePointCode: string, itemCode: string, date: string, start: string): Promise<Appointment> {
  return unwrap(http.POST('/api/appointments', { body: { servicePointCode, itemCode, date, start } }), (e) => e.status === 409)
}

export function move(appointmentNumber: string, date: string, start: string): Promise<Appointment> {
  return unwrap(http.POST('/api/appointments/{appointmentNumber}/move', { params: { path: { appointmentNumber } }, body: { date, start } }), (e) => e.status === 409)
}

export function cancel(appointmentNumber: string): Promise<Appointment> {
  return unwrap(http.POST('/api/appointments/{appointmentNumber}/cancel', { params: { path: { appointmentNumber } } }))
}

export function listMyAppointments(page: number, pageSize: number): Promise<AppointmentPage> {
  return unwrap(http.GET('/api/me/appointments', { params: { query: { page, pageSize } } }))
}

export function calendarFileUrl(appointmentNumber: string): string {
  return buildUrl(`/api/appointments/${encodeURIComponent(appointmentNumber)}/appointment.ics`)
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六']

/** "3月3日 周二" from "2026-03-03" (the date is a Beijing date; read as such, not through the browser's zone). */
export function dayLabel(date: string, locale: string): string {
  const [y, m, d] = date.split('-').map(Number)
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  if (locale.startsWith('zh')) return `${m}月${d}日 周${WEEKDAYS[weekday]}`
  return `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][weekday]} ${m}/${d}`
}

export function periodsText(day: OpeningDay): string {
  return day.periods.map((p) => `${p.start}-${p.end}`).join('，')
}

export type OpeningHoursSetup = Schemas['OpeningHoursSetup']
export type OpeningPeriod = Schemas['OpeningPeriod']

const pathOf = (code: string) => ({ params: { path: { code } } })

export function getSetup(code: string): Promise<OpeningHoursSetup> {
  return unwrap(http.GET('/api/admin/service-points/{code}/opening-hours', pathOf(code)))
}

export function saveWeekly(code: string, days: { dayOfWeek: number; periods: OpeningPeriod[] }[]): Promise<OpeningHoursSetup> {
  return unwrap(http.PUT('/api/admin/service-points/{code}/opening-hours/weekly', { ...pathOf(code), body: { days } }), (e) => e.status === 400)
}

export function saveRotation(code: string, date: string, windowCodes: string[], periods: OpeningPeriod[], note: string | null): Promise<OpeningHoursSetup> {
  return unwrap(http.PUT('/api/admin/service-points/{code}/weekend-rotation/{date}', { params: { path: { code, date } }, body: { windowCodes, periods, note } }), (e) => e.status === 400)
}

export function deleteRotation(code: string, date: string): Promise<OpeningHoursSetup> {
  return unwrap(http.DELETE('/api/admin/service-points/{code}/weekend-rotation/{date}', { params: { path: { code, date } } }))
}

export function saveSpecialDay(code: string, date: string, open: boolean, periods: OpeningPeriod[], note: string): Promise<OpeningHoursSetup> {
  return unwrap(http.PUT('/api/admin/service-points/{code}/special-days/{date}', { params: { path: { code, date } }, body: { open, periods, note } }), (e) => e.status === 400)
}

export function deleteSpecialDay(code: string, date: string): Promise<OpeningHoursSetup> {
  return unwrap(http.DELETE('/api/admin/service-points/{code}/special-days/{date}', { params: { path: { code, date } } }))
}

export function saveTemplate(code: string, slotMinutes: number, placesPerWindow: number): Promise<OpeningHoursSetup> {
  return unwrap(http.PUT('/api/admin/service-points/{code}/appointment-template', { ...pathOf(code), body: { slotMinutes, placesPerWindow } }), (e) => e.status === 400)
}

/** "09:00-12:00，13:30-17:00" (either comma) → periods; null when a part is not start-end. */
export function parsePeriods(text: string): OpeningPeriod[] | null {
  const parts = text.split(/[,，;；\s]+/).filter((p) => p.length > 0)
  const periods: OpeningPeriod[] = []
  for (const part of parts) {
    const m = /^(\d{1,2}:\d{2})-(\d{1,2}:\d{2})$/.exec(part)
    if (!m) return null
    periods.push({ start: m[1].padStart(5, '0'), end: m[2].padStart(5, '0') })
  }
  return periods
}

export function formatPeriods(periods: OpeningPeriod[]): string {
  return periods.map((p) => `${p.start}-${p.end}`).join(',')
}
