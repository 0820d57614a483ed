using System.Text.Json.Nodes;

namespace Tongban.LoadDriver;

/// <summary>
/// A returning applicant at the window: the clerk opens what their library already satisfies for the
/// item ("library lookup"), scans the newly signed application form ("form upload"; forms are never
/// reused) and submits with every satisfied requirement as a library material ("submit", with a fresh
/// Idempotency-Key). The case joins the worker's pipeline for the transitions.
/// </summary>
internal static class Submission
{
    public const string Lookup = "library lookup";
    public const string FormUpload = "form upload";
    public const string Submit = "submit";

    public static object Body(SubmissionItem item, Person person, IReadOnlyList<object> materials) => new
    {
        itemCode = item.Code,
        channel = "window",
        applicant = new { kind = "person", name = person.Name, idNumber = person.IdNumber, mobile = person.Mobile },
        materials,
    };

    public static async Task RunAsync(World world, Worker worker, CancellationToken ct)
    {
        var item = world.Item!;
        var person = worker.NextPerson();
        var clerk = world.Staff.ClerkOf(worker.Id);
        var materials = await LookUpAsync(world, worker, person, clerk, ct);
        if (materials is null) return;
        foreach (var form in item.Forms)
        {
            var upload = await Api.TimedAsync(worker.Recorder, FormUpload, () =>
                world.Api.UploadAsync(clerk, form + ".pdf", Files.Pdf($"{person.IdNumber} {form} {Guid.NewGuid()}"), "application/pdf", ct));
            if (!upload.Ok || upload.Body is null) return;
            materials.Add(new { requirementCode = form, fileId = upload.Body["fileId"]!.GetValue<string>() });
        }

        var submitted = await Api.TimedAsync(worker.Recorder, Submit, () =>
            world.Api.PostJsonAsync("api/cases", clerk, Body(item, person, materials), ct, Guid.NewGuid().ToString()));
        if (submitted.Ok && submitted.Body is not null) worker.Pipeline.Enqueue(PipelineCase.From(submitted.Body));
    }

    /// <summary>The post phase: only the submission, the person's library looked up the first time and reused after.</summary>
    public static async Task PostAsync(World world, Worker worker, CancellationToken ct)
    {
        var item = world.Item!;
        var person = worker.NextPerson();
        var clerk = world.Staff.ClerkOf(worker.Id);
        if (!worker.Library.TryGetValue(person, out var materials))
        {
            materials = await LookUpAsync(world, worker, person, clerk, ct);
            if (materials is null) return;
            worker.Library[person] = materials;
        }
        await Api.TimedAsync(worker.Recorder, Submit, () =>
            world.Api.PostJsonAsync("api/cases", clerk, Body(item, person, materials), ct, Guid.NewGuid().ToString()));
    }

    private static async Task<List<object>?> LookUpAsync(World world, Worker worker, Person person, string clerk, CancellationToken ct)
    {
        var lookup = await Api.TimedAsync(worker.Recorder, Lookup, () =>
            world.Api.GetAsync($"api/items/{Uri.EscapeDataString(world.Item!.Code)}/reusable?idNumber={person.IdNumber}", clerk, ct));
        if (!lookup.Ok || lookup.Body is null) return null;
        var materials = new List<object>();
        foreach (var requirement in lookup.Body["requirements"]!.AsArray())
        {
            // Best first: the server orders candidates by trust level, then newest.
            if (requirement!["candidates"]!.AsArray().FirstOrDefault() is { } best)
                materials.Add(new { requirementCode = requirement["requirementCode"]!.GetValue<string>(), libraryMaterialId = best["id"]!.GetValue<long>() });
        }
        return materials;
    }
}
