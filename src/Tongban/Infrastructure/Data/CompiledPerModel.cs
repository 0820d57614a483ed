using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Tongban.Infrastructure.Data;

/// <summary>
/// An EF compiled query (<see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(System.Linq.Expressions.Expression{Func{TContext, TParam1, CancellationToken, TResult}})"/>)
/// for each model it meets. Used on the hottest read paths only (the whole-case view): a compiled query skips what EF
/// otherwise does for every execution of a LINQ query — walking the expression tree to pull out its parameters,
/// hashing it and looking its plan up in the query cache — about a tenth of a case view's CPU (docs/performance.md).
/// EF binds a compiled query to the first model it runs against and refuses any other, while one process can hold
/// several (SQLite and PostgreSQL side by side in the tests), hence one compiled delegate per model.
/// </summary>
internal sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> byModel = new();

    public TQuery For(DbContext db)
    {
        var model = db.Model;
        return byModel.TryGetValue(model, out var query) ? query : byModel.GetValue(model, _ => compile());
    }
}
