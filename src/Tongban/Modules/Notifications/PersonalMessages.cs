using System.Globalization;
using Tongban.Infrastructure.Clock;
using Tongban.Infrastructure.Data;

namespace Tongban.Modules.Notifications;

/// <summary>
/// Messages to a person that are not a case stage: the login code (urgent: it must not wait for
/// quiet hours) and the notice that their material library was opened at a window (so a lookup
/// the owner did not expect is noticed). Queued in the caller's unit of work, like every message.
/// </summary>
internal static class PersonalMessages
{
    public const string LoginCodeEvent = "auth.otp";
    public const string LibraryOpenedEvent = "library.opened";

    public static void QueueLoginCode(TongbanDb db, string mobile, string code, TimeSpan validity, DateTimeOffset now) =>
        db.OutboxMessages.Add(new OutboxMessage
        {
            Recipient = mobile, Event = LoginCodeEvent, CreatedAt = now, NextAttemptAt = now,
            Text = CaseMessages.Signature + $"您的登录验证码为{code}，{(int)validity.TotalMinutes}分钟内有效。工作人员不会向您索要验证码，请勿告诉他人。",
        });

    public static void QueueLibraryOpened(TongbanDb db, string mobile, string servicePointName, string? windowCode, DateTimeOffset now) =>
        db.OutboxMessages.Add(new OutboxMessage
        {
            Recipient = mobile, Event = LibraryOpenedEvent, CreatedAt = now, NextAttemptAt = now,
            Text = CaseMessages.Signature + $"您的办事材料库于{ChinaTime.ToChina(now).ToString("M月d日HH:mm", CultureInfo.InvariantCulture)}在{servicePointName}"
                + (windowCode is null ? "" : $"（{windowCode}号窗口）") + "被工作人员调阅，用于为您办理业务。如非本人在办理，请致电12345。",
        });
}
