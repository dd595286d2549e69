using System.Text;
using DeltaConnect.Runtime.Processors;
using DeltaConnect.Runtime.Tests.Isolation;

namespace DeltaConnect.Runtime.Tests.Processors;

public sealed class PartitionStateStoreTests : IDisposable
{
    private const string Changelog = "connect-test-state-changelog";
    private readonly ScratchDirectory _scratch = new();

    private string Dir => Path.Combine(_scratch.Path, "p0");

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Reads_see_pending_writes_and_ranges_merge_them_with_applied_state_in_key_order()
    {
        using var store = PartitionStateStore.Open(Dir, 0, Changelog);
        store.Put(B("b"), B("1"));
        store.Put(B("d"), B("2"));
        store.ApplyPending(changelogEnd: 2);
        store.Put(B("a"), B("3"));
        store.Put(B("c"), B("4"));
        store.Delete(B("d"));
        store.Put(B("b"), B("5"));

        Assert.Equal("5", S(store.Get(B("b"))));
        Assert.Null(store.Get(B("d")));
        Assert.Equal(["a=3", "b=5", "c=4"], store.Range(null, null).Select(Entry));
        Assert.Equal(["b=5"], store.Range(B("b"), B("c")).Select(Entry));
        Assert.Empty(store.Range(B("c"), B("b")));
    }

    [Fact]
    public void A_closed_store_refuses_reads_and_a_range_left_open_across_the_close_instead_of_crashing_the_process()
    {
        // RocksDbSharp hands a closed database's null handle to native code: without the store's own checks each of
        // these would be a segmentation fault of the whole worker, not an exception in one task.
        var store = PartitionStateStore.Open(Dir, 0, Changelog);
        foreach (var key in new[] { "a", "b", "c" })
        {
            store.Put(B(key), B("1"));
        }

        store.ApplyPending(changelogEnd: 3);
        store.Checkpoint(Changelog, force: true);
        using var open = store.Range(null, null).GetEnumerator();
        Assert.True(open.MoveNext());
        var notStarted = store.Range(null, null);
        store.Dispose();
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => open.MoveNext());
        Assert.Throws<ObjectDisposedException>(() => notStarted.ToList());
        Assert.Throws<ObjectDisposedException>(() => store.Get(B("a")));
        Assert.Throws<ObjectDisposedException>(() => store.DueTimers(DateTimeOffset.UtcNow, 10));
        store.Put(B("d"), B("2"));
        Assert.Throws<ObjectDisposedException>(() => store.ApplyPending(changelogEnd: 4));
        Assert.Throws<ObjectDisposedException>(() => store.Checkpoint(Changelog, force: true));

        // The database was closed cleanly (the open iterator went first): it opens again with what was applied.
        using var reopened = PartitionStateStore.Open(Dir, 0, Changelog);
        Assert.Equal(3, reopened.CheckpointOffset);
        Assert.Equal("1", S(reopened.Get(B("c"))));
    }

    [Fact]
    public void Uncheckpointed_files_are_not_wiped_while_another_store_holds_them_and_unreadable_ones_are_rebuilt()
    {
        // A fresh store has no checkpoint yet; another task of the worker opening the same partition must wait for it (the
        // lock) rather than delete the files under it.
        using (var holder = PartitionStateStore.Open(Dir, 0, Changelog))
        {
            holder.Put(B("k"), B("v"));
            holder.ApplyPending(changelogEnd: 1);
            Assert.Throws<DeltaConnect.Sdk.Errors.ConnectException>(() => PartitionStateStore.Open(Dir, 0, Changelog));
            Assert.True(File.Exists(Path.Combine(Dir, "db", "CURRENT")), "the open store's files were deleted under it");
            Assert.Equal("v", S(holder.Get(B("k"))));
        }

        // Without a checkpoint the files are not trusted: even ones RocksDB cannot open give way to an empty store.
        File.WriteAllText(Path.Combine(Dir, "db", "CURRENT"), "no such manifest\n");
        using var rebuilt = PartitionStateStore.Open(Dir, 0, Changelog);
        Assert.Null(rebuilt.Get(B("k")));
    }

    [Fact]
    public void Matches_a_sorted_dictionary_under_random_puts_deletes_rollbacks_and_applies()
    {
        var random = new Random(1234);
        var model = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var batchStart = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var store = PartitionStateStore.Open(Dir, 0, Changelog);
        var inBatch = false;
        for (var step = 0; step < 3000; step++)
        {
            var key = "k" + random.Next(60).ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
            switch (random.Next(10))
            {
                case < 4:
                    var value = random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    store.Put(B(key), B(value));
                    model[key] = value;
                    break;
                case < 6:
                    store.Delete(B(key));
                    model.Remove(key);
                    break;
                case 6:
                    if (!inBatch)
                    {
                        store.BeginBatch();
                        batchStart = new SortedDictionary<string, string>(model, StringComparer.Ordinal);
                        inBatch = true;
                    }

                    break;
                case 7:
                    if (inBatch)
                    {
                        store.RollbackBatch();
                        model = batchStart;
                        inBatch = false;
                    }

                    break;
                case 8:
                    if (inBatch)
                    {
                        store.EndBatch();
                        inBatch = false;
                    }

                    break;
                default:
                    if (!inBatch)
                    {
                        store.ApplyPending(changelogEnd: step);
                    }

                    break;
            }

            Assert.Equal(model.TryGetValue(key, out var expected) ? expected : null, S(store.Get(B(key))));
            if (step % 50 == 0)
            {
                Assert.Equal(model.Select(p => $"{p.Key}={p.Value}"), store.Range(null, null).Select(Entry));
                Assert.Equal(model.Where(p => string.CompareOrdinal(p.Key, "k20") >= 0 && string.CompareOrdinal(p.Key, "k40") < 0).Select(p => $"{p.Key}={p.Value}"),
                    store.Range(B("k20"), B("k40")).Select(Entry));
            }
        }
    }

    [Fact]
    public void A_rolled_back_batch_leaves_earlier_pending_changes_as_they_were()
    {
        using var store = PartitionStateStore.Open(Dir, 0, Changelog);
        store.Put(B("a"), B("1"));
        store.BeginBatch();
        store.Put(B("a"), B("2"));
        store.Put(B("b"), B("3"));
        store.ScheduleTimer(B("t"), DateTimeOffset.FromUnixTimeMilliseconds(1000));
        store.RollbackBatch();

        Assert.Equal("1", S(store.Get(B("a"))));
        Assert.Null(store.Get(B("b")));
        Assert.Empty(store.DueTimers(DateTimeOffset.FromUnixTimeMilliseconds(5000), 10));
        Assert.Single(store.PendingChangelog());
    }

    [Fact]
    public void Timers_are_due_in_time_order_and_rescheduling_or_cancelling_replaces_them()
    {
        using var store = PartitionStateStore.Open(Dir, 0, Changelog);
        store.ScheduleTimer(B("late"), At(3000));
        store.ScheduleTimer(B("early"), At(1000));
        store.ScheduleTimer(B("moved"), At(500));
        store.ApplyPending(changelogEnd: 3);
        store.ScheduleTimer(B("moved"), At(2000));
        store.ScheduleTimer(B("gone"), At(100));
        store.CancelTimer(B("gone"));

        Assert.Empty(store.DueTimers(At(999), 10));
        Assert.Equal(["early@1000", "moved@2000"], store.DueTimers(At(2000), 10).Select(Timer));
        Assert.Equal(["early@1000"], store.DueTimers(At(5000), 1).Select(Timer));
        Assert.Equal(["early@1000", "moved@2000", "late@3000"], store.DueTimers(At(5000), 10).Select(Timer));
        // Timers live beside the user's entries, not among them.
        Assert.Empty(store.Range(null, null));
        // The derived index is not logged; only the timers themselves are.
        Assert.All(store.PendingChangelog(), change => Assert.Equal(1, change.Key[0]));
    }

    [Fact]
    public void Restored_changelog_records_rebuild_entries_and_the_timer_index()
    {
        List<(byte[] Key, byte[]? Value)> changelog;
        using (var writer = PartitionStateStore.Open(Path.Combine(_scratch.Path, "writer"), 0, Changelog))
        {
            writer.Put(B("a"), B("1"));
            writer.ScheduleTimer(B("t1"), At(1000));
            writer.ScheduleTimer(B("t2"), At(3000));
            changelog = [.. writer.PendingChangelog()];
            writer.ApplyPending(changelog.Count);
            writer.Delete(B("a"));
            writer.Put(B("b"), B("2"));
            writer.ScheduleTimer(B("t1"), At(4000));
            writer.CancelTimer(B("t2"));
            changelog.AddRange(writer.PendingChangelog());
        }

        using var restored = PartitionStateStore.Open(Dir, 0, Changelog);
        restored.ApplyRestored(changelog, changelog.Count);

        Assert.Equal(["b=2"], restored.Range(null, null).Select(Entry));
        Assert.Empty(restored.DueTimers(At(3500), 10));
        Assert.Equal(["t1@4000"], restored.DueTimers(At(9999), 10).Select(Timer));
        Assert.Equal(changelog.Count, restored.LatestLogged);
    }

    [Fact]
    public void A_checkpointed_store_reopens_with_its_state_and_one_without_a_checkpoint_is_wiped()
    {
        using (var store = PartitionStateStore.Open(Dir, 0, Changelog))
        {
            store.Put(B("a"), B("1"));
            store.ApplyPending(changelogEnd: 1);
            store.Checkpoint(Changelog, force: true);
            store.Put(B("b"), B("2"));
            store.ApplyPending(changelogEnd: 2);
        }

        // The checkpoint says offset 1: "b" (applied after it) may still be on disk and is replayed from the changelog.
        using (var reopened = PartitionStateStore.Open(Dir, 0, Changelog))
        {
            Assert.Equal(1, reopened.CheckpointOffset);
            Assert.Equal("1", S(reopened.Get(B("a"))));
        }

        // A checkpoint for another changelog topic does not count: the state is rebuilt from scratch.
        using var other = PartitionStateStore.Open(Dir, 0, "another-changelog");
        Assert.Equal(0, other.CheckpointOffset);
        Assert.Empty(other.Range(null, null));
    }

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static string? S(byte[]? b) => b is null ? null : Encoding.UTF8.GetString(b);

    private static string Entry(KeyValuePair<byte[], byte[]> entry) => $"{S(entry.Key)}={S(entry.Value)}";

    private static string Timer((byte[] Key, DateTimeOffset DueTime) timer) => $"{S(timer.Key)}@{timer.DueTime.ToUnixTimeMilliseconds()}";
}
