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

type Schemas = import('./schema').components['schemas']
export type CaseDto = Schemas['CaseDto']
export type SmsTemplateDto = Schemas['SmsTemplateDto']
export type SmsTemplateList = Schemas['SmsTemplateList']
export type FailedMessagePage = Schemas['PagedOfFailedMessageDto']
export type FailedMessageDto = Schemas['FailedMessageDto']
export type CaseStatus = Schemas['CaseStatus']
export type CaseListRow = Schemas['CaseListRow']
export type CasePage = Schemas['PagedOfCaseListRow']
export type CaseCounts = Schemas['CaseCounts']
export type CaseStepDto = Schemas['CaseStepDto']
export type CaseMaterialDto = Schemas['CaseMaterialDto']
export type CorrectionNoticeDto = Schemas['CorrectionNoticeDto']
export type ClockEventDto = Schemas['ClockEventDto']
export type CaseAuditEntry = Schemas['CaseAuditEntryDto']
export type SubmitCaseRequest = Schemas['SubmitCaseRequest']
export type MaterialInput = Schemas['MaterialInput']
export type UploadedFile = Schemas['UploadedFileDto']
export type PreReviewCaseRequest = Schemas['PreReviewCaseRequest']
export type AcceptCaseRequest = Schemas['AcceptCaseRequest']
export type ReviewCaseRequest = Schemas['ReviewCaseRequest']
export type SuspendCaseRequest = Schemas['SuspendCaseRequest']
export type ResumeCaseRequest = Schemas['ResumeCaseRequest']
export type ExtendCaseRequest = Schemas['ExtendCaseRequest']
export type CompleteCaseRequest = Schemas['CompleteCaseRequest']
export type DeliverCaseRequest = Schemas['DeliverCaseRequest']
export type SupplementCaseRequest = Schemas['SupplementCaseRequest']
export type ReasonRequest = Schemas['ReasonRequest']

// Citizens, drafts and the material library (issue 4).
export type CitizenLoginRequest = Schemas['CitizenLoginRequest']
export type CitizenLoginResponse = Schemas['CitizenLoginResponse']
export type CitizenUser = Schemas['CitizenUserDto']
export type MyCaseRow = Schemas['MyCaseRow']
export type MyCasePage = Schemas['PagedOfMyCaseRow']
export type LibraryMaterial = Schemas['LibraryMaterialDto']
export type LibraryPage = Schemas['PagedOfLibraryMaterialDto']
export type TrustLevel = Schemas['TrustLevel']
export type LibrarySource = Schemas['LibrarySource']
export type ReusableMaterials = Schemas['ReusableMaterialsDto']
export type ReusableRequirement = Schemas['ReusableRequirementDto']
export type Draft = Schemas['DraftDto']
export type SaveDraftRequest = Schemas['SaveDraftRequest']
export type NotificationItem = Schemas['NotificationDto']
export type AlertDto = Schemas['AlertDto']
export type AlertPage = Schemas['PagedOfAlertDto']
export type AlertSummary = Schemas['AlertSummary']
export type DirectiveDto = Schemas['DirectiveDto']
export type CaseSupervisionDto = Schemas['CaseSupervisionDto']
// 好差评 (issue 7).
export type EvaluationDto = Schemas['EvaluationDto']
export type EvaluateCaseRequest = Schemas['EvaluateCaseRequest']
export type BadRatingReason = Schemas['BadRatingReason']
export type EvaluationChannel = Schemas['EvaluationChannel']
export type LiveAlertDto = Schemas['LiveAlertDto']
export type LiveAlertsMessage = Schemas['LiveAlertsMessage']
