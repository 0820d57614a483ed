using Tongban.Modules.Calendar;
using Tongban.Modules.Catalog;

namespace Tongban.Modules.Cases;

/// <summary>Who applies: a person (ID number) or an enterprise (credit code, with the contact who acts for it).</summary>
internal sealed record CaseApplicant(ApplicantKind Kind, string Name, string IdNumber, string Mobile, string? ContactName);

/// <summary>What a new case is filed with, whichever channel receives it (window, online, mobile, kiosk, demo history).</summary>
internal sealed record CaseFiling(string Number, ServiceItemVersion Item, ApplicationChannel Channel, CaseApplicant Applicant,
    string ServicePointCode, CaseActor Receiver, DateTimeOffset At)
{
    public string? WindowCode { get; init; }
    public string? KioskCode { get; init; }
    public int? SubmittedByStaffId { get; init; }
    public int? SubmittedByCitizenId { get; init; }
    public string FormJson { get; init; } = "{}";
}

internal sealed partial class Case
{
    /// <summary>
    /// The one way a case comes into being: applicant and item fixed, filed under the item version's process and
    /// limits, and the 收件 step recorded. The caller adds the materials and records the filing as a case change.
    /// </summary>
    public static Case File(CaseFiling f, BusinessCalendar calendar)
    {
        var item = f.Item;
        var c = new Case
        {
            Number = f.Number, RegionCode = item.RegionCode, ItemVersionId = item.Id, ItemCode = item.Code, ItemName = item.Name,
            Channel = f.Channel, ApplicantKind = f.Applicant.Kind, ApplicantName = f.Applicant.Name, ApplicantIdNumber = f.Applicant.IdNumber,
            ApplicantMobile = f.Applicant.Mobile, ContactName = f.Applicant.ContactName, ServicePointCode = f.ServicePointCode,
            DepartmentCode = item.DepartmentCode, WindowCode = f.WindowCode, KioskCode = f.KioskCode,
            SubmittedByStaffId = f.SubmittedByStaffId, SubmittedByCitizenId = f.SubmittedByCitizenId,
            FormJson = f.FormJson, SubmittedAt = f.At, UpdatedAt = f.At,
        };
        c.FileUnder(item, calendar);
        c.Steps.Add(new CaseStep
        {
            Sequence = 1, Name = "收件", Action = "pass", HandlerName = f.Receiver.Name, HandlerStaffId = f.Receiver.StaffId,
            OrganizationCode = f.ServicePointCode, StartedAt = f.At, EndedAt = f.At, Opinion = $"{ChannelName(f.Channel)}收件",
        });
        return c;
    }

    public static string ChannelName(ApplicationChannel channel) => channel switch
    {
        ApplicationChannel.Window => "窗口办理",
        ApplicationChannel.Online => "网上办理",
        ApplicationChannel.Mobile => "掌上办理",
        _ => "自助终端办理",
    };
}
