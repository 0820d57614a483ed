using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Tongban.IntegrationTests;

/// <summary>ID numbers and mobile numbers are never stored in plaintext (issue 4, item 5).</summary>
public abstract class PersonalDataAtRestTests<TApp>(TApp app) : ApiTestBase<TApp>(app) where TApp : TongbanAppFactory
{
    internal const string IdNumber = "440524188001010014";
    internal const string Mobile = "13905950123";

    internal static async Task<string> SubmitAsync(TongbanAppFactory App)
    {
        var clerk = await App.LoginAsync("clerk");
        string item = "";
        await App.WithDbAsync(async db => item = await db.ItemVersions.Where(i => i.ForPersons && (i.Channels & Tongban.Modules.Catalog.Channels.Window) != 0)
            .OrderBy(i => i.Id).Select(i => i.Code).FirstAsync(Ct));
        return await Scenario.SubmitAsync(clerk, item, name: "黄秀英", idNumber: IdNumber, mobile: Mobile);
    }

    [Fact]
    public async Task The_stored_case_holds_ciphertext_and_a_blind_index_and_reads_back_in_clear_inside_the_app()
    {
        var number = await SubmitAsync(App);
        await App.WithDbAsync(async db =>
        {
            var raw = await db.Database.SqlQuery<string>($"SELECT applicant_id_number AS \"Value\" FROM cases WHERE number = {number}").SingleAsync(Ct);
            var rawMobile = await db.Database.SqlQuery<string>($"SELECT applicant_mobile AS \"Value\" FROM cases WHERE number = {number}").SingleAsync(Ct);
            Assert.StartsWith(Tongban.Infrastructure.Security.PersonalData.PrefixOf(Tongban.Infrastructure.Security.PersonalData.CurrentKeyId), raw, StringComparison.Ordinal);
            Assert.DoesNotContain(IdNumber, raw, StringComparison.Ordinal);
            Assert.DoesNotContain(Mobile, rawMobile, StringComparison.Ordinal);
            var c = await db.Cases.SingleAsync(x => x.Number == number, Ct);
            Assert.Equal(IdNumber, c.ApplicantIdNumber);
            Assert.Equal(Mobile, c.ApplicantMobile);
            var index = Tongban.Infrastructure.Security.PersonalData.BlindIndex(IdNumber);
            Assert.Contains(number, await db.Cases.Where(x => x.ApplicantIdIndex == index).Select(x => x.Number).ToListAsync(Ct));
        });
    }
}

public sealed class SqlitePersonalDataAtRestTests(SqliteApp app) : PersonalDataAtRestTests<SqliteApp>(app);

public sealed class PostgresPersonalDataAtRestTests(PostgresApp app) : PersonalDataAtRestTests<PostgresApp>(app);

/// <summary>The SQLite file itself (and its write-ahead log) holds no ID number or mobile in clear.</summary>
public sealed class SqliteFileHoldsNoPlaintextTests(SqliteApp app) : ApiTestBase<SqliteApp>(app)
{
    [Fact]
    public async Task Neither_the_database_file_nor_its_journal_contains_the_id_number_or_the_mobile()
    {
        await PersonalDataAtRestTests<SqliteApp>.SubmitAsync(App);
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(FULL);", Ct));
        var text = new StringBuilder();
        foreach (var file in new[] { App.SqlitePath, App.SqlitePath + "-wal" }.Where(File.Exists))
            text.Append(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file, Ct)));
        var all = text.ToString();
        Assert.Contains("黄秀英", all, StringComparison.Ordinal); // proves the scan sees plaintext: names are stored as they are
        Assert.DoesNotContain(PersonalDataAtRestTests<SqliteApp>.IdNumber, all, StringComparison.Ordinal);
        Assert.DoesNotContain(PersonalDataAtRestTests<SqliteApp>.Mobile, all, StringComparison.Ordinal);
    }
}
