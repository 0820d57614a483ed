namespace Tongban.Infrastructure.Data;

/// <summary>
/// A row that concurrent requests race to write (an append to a hash chain, its head): a failed write of it means
/// another request got there first, which callers are told as a concurrency conflict (409), not a server error.
/// </summary>
internal interface IContendedRow;
