// Types derived from the generated OpenAPI schema by path, so that renamed schema components
// in the server's document do not ripple through the app.
import type { paths } from './schema'

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never

export type Department = Json<paths['/api/departments']['get']['responses'][200]>[number]
export type ItemQuery = NonNullable<paths['/api/items']['get']['parameters']['query']>
export type ItemPage = Json<paths['/api/items']['get']['responses'][200]>
export type ItemSummary = ItemPage['items'][number]
export type ItemGuide = Json<paths['/api/items/{code}']['get']['responses'][200]>
export type MaterialRequirement = ItemGuide['materials'][number]
export type TimeLimit = ItemSummary['promisedLimit']
export type CaseKind = ItemSummary['caseKind']
export type StaffLoginRequest = paths['/api/auth/staff/login']['post']['requestBody']['content']['application/json']
export type LoginResponse = Json<paths['/api/auth/staff/login']['post']['responses'][200]>
export type AuthUser = LoginResponse['user']
