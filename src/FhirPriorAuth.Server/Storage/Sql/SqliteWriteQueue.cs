using System.Data.Common;

namespace FhirPriorAuth.Server.Storage.Sql;

/// <summary>
/// SQLite has one writer per database file, so the writes of this process go through one queue: whoever finds it idle
/// drains it, running the waiting transactions one after another on one connection inside one database transaction
/// (each in a savepoint, so one that throws is rolled back alone), then commits once. Many requests share one commit
/// and one fsync (group commit), and no request sleeps in SQLite's busy handler waiting for another's lock. Each
/// transaction's task completes only after the commit that holds it is durable; if that commit fails, every
/// transaction in it fails and none was acknowledged. A full queue refuses at once (<see cref="StorageBusyException"/>).
/// One queue per database (<see cref="SqliteBackend.Writer"/>): the resource store and the auth state share it.
/// </summary>
internal sealed class SqliteWriteQueue(IStorageBackend backend, int capacity, int maxBatch = 256)
{
    private readonly Lock _gate = new();
    private readonly Queue<IQueuedWrite> _waiting = new();
    private bool _draining;

    /// <summary>Runs <paramref name="work"/> on the writer's connection, inside its transaction; answered once committed.</summary>
    public Task<T> RunAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var write = new QueuedWrite<T>(work, cancellationToken);
        bool start;
        lock (_gate)
        {
            if (_waiting.Count >= capacity)
                throw new StorageBusyException();
            _waiting.Enqueue(write);
            start = !_draining;
            _draining = true;
        }
        if (start)
            _ = Task.Run(DrainAsync, CancellationToken.None);
        return write.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            var batch = new List<IQueuedWrite>();
            lock (_gate)
            {
                while (batch.Count < maxBatch && _waiting.TryDequeue(out var next))
                    batch.Add(next);
                if (batch.Count == 0)
                {
                    _draining = false;
                    return;
                }
            }
            try
            {
                await CommitAsync(batch);
            }
            catch (Exception failure)
            {
                // Nothing of this batch is durable: every write still waiting for its answer fails with the cause.
                foreach (var write in batch)
                    write.Fail(failure);
            }
        }
    }

    private async Task CommitAsync(List<IQueuedWrite> batch)
    {
        await using var connection = await backend.OpenAsync(CancellationToken.None);
        await using var transaction = await backend.BeginWriteAsync(connection, CancellationToken.None);
        var done = new List<IQueuedWrite>(batch.Count);
        foreach (var write in batch)
        {
            if (write.CancellationToken.IsCancellationRequested)
            {
                write.Cancel();
                continue;
            }
            await ExecuteAsync(connection, transaction, "SAVEPOINT queued_write");
            try
            {
                await write.RunAsync(connection, transaction);
                await ExecuteAsync(connection, transaction, "RELEASE queued_write");
                done.Add(write);
            }
            catch (Exception failure)
            {
                // Only this transaction's changes go; the failure is its own answer, given at once.
                await ExecuteAsync(connection, transaction, "ROLLBACK TO queued_write");
                await ExecuteAsync(connection, transaction, "RELEASE queued_write");
                write.Fail(failure);
            }
        }
        await transaction.CommitAsync(CancellationToken.None);
        foreach (var write in done)
            write.Complete();
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql)
    {
        await using var command = connection.Command(transaction, sql);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private interface IQueuedWrite
    {
        CancellationToken CancellationToken { get; }

        Task RunAsync(DbConnection connection, DbTransaction transaction);

        void Complete();

        void Fail(Exception failure);

        void Cancel();
    }

    private sealed class QueuedWrite<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) : IQueuedWrite
    {
        // Continuations run off the draining task, so a request's own work never delays the next batch.
        private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _answer.Task;

        public CancellationToken CancellationToken => cancellationToken;

        public async Task RunAsync(DbConnection connection, DbTransaction transaction) =>
            _result = await work(connection, transaction, cancellationToken);

        public void Complete() => _answer.TrySetResult(_result!);

        public void Fail(Exception failure) => _answer.TrySetException(failure);

        public void Cancel() => _answer.TrySetCanceled(cancellationToken);
    }
}
