using DeltaConnect.Sdk.Cdc.Tests.Fakes;
using DeltaConnect.Sdk.Errors;

namespace DeltaConnect.Sdk.Cdc.Tests;

/// <summary>The DBLog engine against <see cref="FakeSnapshotDatabase"/>: chunking, window de-duplication, progress, requests.</summary>
public sealed class DbLogSnapshotterTests : IAsyncDisposable
{
    private readonly FakeSnapshotDatabase _database = new();
    private readonly SemaphoreSlim _streamLock = new(1, 1);
    private readonly FakeTopic _topic = new();
    private readonly CancellationTokenSource _stop = new();
    private DbLogSnapshotter<FakeTable>? _engine;
    private Task? _stream;
    private Task? _loop;

    [Fact]
    public async Task A_whole_table_snapshot_emits_every_row_once_in_key_order_in_chunks()
    {
        var table = Fill("public.orders", 10);

        await RunAsync(chunkSize: 3, new SnapshotProgress([new SnapshotTarget("public.orders")], null));

        Assert.Equal(Enumerable.Range(1, 10).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)), _topic.Events.Where(e => e.Op == "r").Select(e => e.Key));
        Assert.Equal([null, "3", "6", "9"], _database.Requests.Select(r => r.After?.Single()));
        Assert.All(_database.Requests, r => Assert.Equal(3, r.ChunkSize));
        Assert.Equal(table.Content(), _topic.Latest("public.orders"));
        // Every window's watermark rows are cleaned up once the window closed.
        Assert.Equal(_database.Requests.SelectMany(r => new[] { r.LowWatermark, r.HighWatermark }).Order(), _database.DeletedWatermarks.Order());
    }

    [Fact]
    public async Task Chunk_rows_whose_key_changed_inside_the_window_are_dropped_so_the_log_event_is_the_latest()
    {
        var table = Fill("public.orders", 10);
        _database.AfterLowWatermark = request =>
        {
            if (request.After is null)
            {
                // Inside the first window, before the select: the select sees the new values, the log has them too.
                _database.Upsert(table, "two-new", 2);
                _database.Delete(table, 3);
            }

            return Task.CompletedTask;
        };
        _database.BeforeHighWatermark = request =>
        {
            if (_database.Requests.Count == 2)
            {
                // (The first chunk was 1, 2, 4, 5: 3 was deleted before its select.)
                Assert.Equal(["5"], request.After);
                // Inside the second window, after the select: the chunk holds the stale value of 6.
                _database.Upsert(table, "six-new", 6);
                _database.Upsert(table, "eleven", 11);
            }

            return Task.CompletedTask;
        };

        await RunAsync(chunkSize: 4, new SnapshotProgress([new SnapshotTarget("public.orders")], null));

        var events = _topic.Events;
        Assert.DoesNotContain(events, e => e.Op == "r" && e.Key is "2" or "3" or "6");
        Assert.Contains(events, e => e is { Op: "u", Key: "2", Value: "two-new" });
        Assert.Contains(events, e => e is { Op: "d", Key: "3" });
        Assert.Contains(events, e => e is { Op: "u", Key: "6", Value: "six-new" });
        Assert.Equal(["1", "4", "5", "7", "8", "9", "10", "11"], events.Where(e => e.Op == "r").Select(e => e.Key));
        Assert.Equal(table.Content(), _topic.Latest("public.orders"));
    }

    [Fact]
    public async Task Under_concurrent_writes_the_latest_event_per_key_equals_the_table()
    {
        var table = Fill("public.orders", 200);
        var random = new Random(6);
        Task Write()
        {
            for (var i = 0; i < 5; i++)
            {
                var key = random.NextInt64(1, 260);
                if (random.Next(3) == 0)
                {
                    _database.Delete(table, key);
                }
                else
                {
                    _database.Upsert(table, $"v{random.Next()}", key);
                }
            }

            return Task.CompletedTask;
        }

        _database.AfterLowWatermark = _ => Write();
        _database.BeforeHighWatermark = _ => Write();

        await RunAsync(chunkSize: 7, new SnapshotProgress([new SnapshotTarget("public.orders")], null));

        Assert.Equal(table.Content().OrderBy(p => p.Key), _topic.Latest("public.orders").OrderBy(p => p.Key));
        // Chunks never overlap: no key is read twice.
        Assert.Equal(_topic.Events.Where(e => e.Op == "r").Select(e => e.Key).Distinct().Count(), _topic.Events.Count(e => e.Op == "r"));
    }

    [Fact]
    public async Task Only_the_last_row_of_a_chunk_carries_the_advanced_progress_and_a_new_engine_resumes_after_it()
    {
        Fill("public.orders", 10);
        await RunAsync(chunkSize: 3, new SnapshotProgress([new SnapshotTarget("public.orders")], null));
        var reads = _topic.Events.Where(e => e.Op == "r").ToList();
        Assert.Equal(["3"], reads[2].Progress.LastKey);
        Assert.Null(reads[1].Progress.LastKey);
        Assert.Equal(["3"], reads[4].Progress.LastKey);
        Assert.Equal(["6"], reads[5].Progress.LastKey);
        Assert.False(reads[9].Progress.Active);

        // A restart from the offset of row 5 (chunk 2 not completed) redoes chunk 2.
        var offset = new Dictionary<string, object?> { ["lsn"] = 1L };
        reads[4].Progress.AddTo(offset);
        Assert.Equal("""["public.orders"]""", offset[SnapshotProgress.TablesField]);
        Assert.Equal("""["3"]""", offset[SnapshotProgress.LastKeyField]);

        await using var restarted = new DbLogSnapshotterTests();
        restarted.Fill("public.orders", 10);
        await restarted.RunAsync(chunkSize: 3, SnapshotProgress.FromOffset(offset));
        Assert.Equal(["4", "5", "6", "7", "8", "9", "10"], restarted._topic.Events.Where(e => e.Op == "r").Select(e => e.Key));
        Assert.Equal(["3", "6", "9"], restarted._database.Requests.Select(r => r.After?.Single()));
    }

    [Fact]
    public async Task An_offset_without_snapshot_fields_means_no_snapshot_and_a_corrupt_one_names_the_fields()
    {
        Assert.Same(SnapshotProgress.None, SnapshotProgress.FromOffset(new Dictionary<string, object?> { ["lsn"] = 5L }));
        var empty = new Dictionary<string, object?>();
        SnapshotProgress.None.AddTo(empty);
        Assert.Empty(empty);

        var narrowed = new SnapshotProgress([new SnapshotTarget("s.t", "value = 'x'", [["1", "2"]], ["0", "0"], ["9", "9"]), new SnapshotTarget("s.u")], ["1", "5"]);
        var offset = new Dictionary<string, object?>();
        narrowed.AddTo(offset);
        var back = SnapshotProgress.FromOffset(offset);
        Assert.Equal(["1", "5"], back.LastKey);
        Assert.Equal("value = 'x'", back.Tables[0].Filter);
        Assert.Equal(["1", "2"], back.Tables[0].Keys!.Single());
        Assert.Equal(["0", "0"], back.Tables[0].From);
        Assert.Equal(["9", "9"], back.Tables[0].To);
        Assert.Equal(new SnapshotTarget("s.u"), back.Tables[1]);

        var error = Assert.Throws<DataException>(() => SnapshotProgress.FromOffset(new Dictionary<string, object?> { [SnapshotProgress.TablesField] = "[{\"filter\": 1}]" }));
        Assert.Contains(SnapshotProgress.TablesField, error.Message, StringComparison.Ordinal);
        Assert.Contains("Reset the connector's offsets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_range_request_copies_only_the_range_in_chunks()
    {
        var table = Fill("public.orders", 20);

        await RunAsync(chunkSize: 2, SnapshotProgress.None, """{"data-collections": ["public.orders"], "additional-conditions": [{"data-collection": "public.orders", "key-range": {"from": [5], "to": 11}}]}""");

        Assert.Equal(["5", "6", "7", "8", "9", "10", "11"], _topic.Events.Where(e => e.Op == "r").Select(e => e.Key));
        Assert.Equal([null, "6", "8", "10"], _database.Requests.Select(r => r.After?.Single()));
        Assert.All(_database.Requests, r => Assert.Equal(["5"], r.Target.From));
    }

    [Fact]
    public async Task A_key_list_request_on_a_composite_key_copies_only_those_keys()
    {
        var table = _database.CreateTable("public.lines", "order_id", "line");
        for (var order = 1; order <= 4; order++)
        {
            for (var line = 1; line <= 3; line++)
            {
                _database.Upsert(table, $"{order}/{line}", order, line);
            }
        }

        await RunAsync(chunkSize: 2, SnapshotProgress.None, """{"data-collections": ["public.lines"], "additional-conditions": [{"data-collection": "public.lines", "keys": [[3, 1], [1, 2], ["4", "3"], [9, 9]]}]}""");

        Assert.Equal(["1,2", "3,1", "4,3"], _topic.Events.Where(e => e.Op == "r").Select(e => e.Key));
        Assert.Equal([null, ["3", "1"]], _database.Requests.Select(r => r.After));
    }

    [Fact]
    public async Task A_filter_request_copies_matching_rows_and_an_invalid_filter_is_refused_without_queueing()
    {
        var table = Fill("public.orders", 6);
        _database.Upsert(table, "vip", 2);
        _database.Upsert(table, "vip", 5);

        var error = await Assert.ThrowsAsync<DataException>(() => Start(3, SnapshotProgress.None).RequestAsync(
            """{"data-collections": ["public.orders"], "additional-conditions": [{"data-collection": "public.orders", "filter": "vip"}]}""", TestContext.Current.CancellationToken));
        Assert.Contains("filter 'vip'", error.Message, StringComparison.Ordinal);
        Assert.False(_engine!.Progress.Active);

        await RequestAndFinishAsync("""{"data-collections": ["public.orders"], "additional-conditions": [{"data-collection": "public.orders", "filter": "value = 'vip'"}]}""");
        Assert.Equal(["2", "5"], _topic.Events.Where(e => e.Op == "r").Select(e => e.Key));
    }

    [Fact]
    public async Task Keys_with_the_wrong_number_of_values_are_refused_naming_the_key_columns()
    {
        _database.CreateTable("public.lines", "order_id", "line");
        var engine = Start(3, SnapshotProgress.None);

        var error = await Assert.ThrowsAsync<DataException>(() => engine.RequestAsync(
            """{"data-collections": ["public.lines"], "additional-conditions": [{"data-collection": "public.lines", "key-range": {"from": [1]}}]}""", TestContext.Current.CancellationToken));

        Assert.Contains("has 1 value(s) but the primary key has 2 column(s) (order_id, line)", error.Message, StringComparison.Ordinal);
        Assert.False(engine.Progress.Active);
    }

    [Fact]
    public async Task Requests_queue_behind_the_running_snapshot_and_a_missing_table_is_skipped()
    {
        Fill("public.a", 5);
        Fill("public.b", 3);

        var engine = Start(2, SnapshotProgress.None);
        await _streamLock.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            await engine.RequestAsync("""{"data-collections": ["public.a", "public.gone"]}""", TestContext.Current.CancellationToken);
            await engine.RequestAsync("""{"data-collections": ["public.b", "public.a"]}""", TestContext.Current.CancellationToken);
            Assert.Equal(["public.a", "public.gone", "public.b"], engine.Progress.Tables.Select(t => t.Table));
        }
        finally
        {
            _streamLock.Release();
        }

        await FinishAsync();
        Assert.Equal(["public.a:1", "public.a:2", "public.a:3", "public.a:4", "public.a:5", "public.b:1", "public.b:2", "public.b:3"], _topic.Events.Where(e => e.Op == "r").Select(e => $"{e.Table}:{e.Key}"));
    }

    [Fact]
    public async Task A_table_without_primary_key_fails_the_loop_naming_the_table()
    {
        _database.CreateTable("public.logs");
        Start(2, new SnapshotProgress([new SnapshotTarget("public.logs")], null));

        var error = await Assert.ThrowsAsync<ConnectException>(() => _loop!);
        Assert.Contains("Table public.logs has no primary key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_chunk_without_its_last_key_fails_the_loop_instead_of_starting_over()
    {
        Fill("public.orders", 5);
        _database.OmitLastKey = true;
        Start(2, new SnapshotProgress([new SnapshotTarget("public.orders")], null));

        var error = await Assert.ThrowsAsync<ConnectException>(() => _loop!);
        Assert.Contains("returned a full chunk of public.orders without its last key", error.Message, StringComparison.Ordinal);
        Assert.Single(_database.Requests);
    }

    [Theory]
    [InlineData("", "is invalid")]
    [InlineData("{\"data-collections\": ", "is invalid")]
    [InlineData("{}", "\"data-collections\" (an array of schema.table names) is missing")]
    [InlineData("{\"data-collections\": \"public.orders\"}", "\"data-collections\" (an array of schema.table names) is missing")]
    [InlineData("{\"data-collections\": [\"orders\"]}", "'orders' in \"data-collections\" is not a schema.table name")]
    [InlineData("{\"data-collections\": [\"public.orders\"], \"type\": \"blocking\"}", "\"type\" 'blocking' is not supported")]
    [InlineData("{\"data-collections\": [\"public.orders\"], \"additional-conditions\": [{\"data-collection\": \"public.other\", \"filter\": \"x\"}]}", "needs a \"data-collection\" that is listed in \"data-collections\" (got 'public.other')")]
    [InlineData("{\"data-collections\": [\"public.orders\"], \"additional-conditions\": [{\"data-collection\": \"public.orders\", \"filter\": \" \"}]}", "the \"filter\" for public.orders is empty")]
    [InlineData("{\"data-collections\": [\"public.orders\"], \"additional-conditions\": [{\"data-collection\": \"public.orders\", \"keys\": []}]}", "\"keys\" for public.orders is empty")]
    [InlineData("{\"data-collections\": [\"public.orders\"], \"additional-conditions\": [{\"data-collection\": \"public.orders\", \"keys\": [[{\"id\": 1}]]}]}", "a key value for public.orders must be a string, number or boolean, not object")]
    [InlineData("{\"data-collections\": [\"public.orders\"], \"additional-conditions\": [{\"data-collection\": \"public.orders\", \"key-range\": {}}]}", "\"key-range\" for public.orders needs \"from\", \"to\" or both")]
    public void Malformed_signals_are_refused_naming_the_field_and_showing_the_expected_shape(string data, string problem)
    {
        var error = Assert.Throws<DataException>(() => SnapshotTarget.ParseSignal(data));

        Assert.StartsWith("The execute-snapshot signal's data is invalid: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("Expected e.g. {\"data-collections\": [\"public.orders\"]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signal_parses_into_one_target_per_collection_with_its_conditions()
    {
        var targets = SnapshotTarget.ParseSignal("""{"data-collections": ["s.a", "s.b"], "type": "INCREMENTAL", "additional-conditions": [{"data-collection": "s.b", "filter": "x > 1", "keys": [1, "2", true], "key-range": {"to": [7, 8]}}]}""");

        Assert.Equal(new SnapshotTarget("s.a"), targets[0]);
        Assert.Equal("s.b", targets[1].Table);
        Assert.Equal("x > 1", targets[1].Filter);
        Assert.Equal([["1"], ["2"], ["true"]], targets[1].Keys);
        Assert.Null(targets[1].From);
        Assert.Equal(["7", "8"], targets[1].To);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var task in new[] { _stream, _loop })
        {
            try
            {
                await (task ?? Task.CompletedTask);
            }
            catch (Exception)
            {
                // Stopped (or failed: the test that expected it has checked).
            }
        }

        _engine?.Dispose();
        _streamLock.Dispose();
        _stop.Dispose();
    }

    private FakeTable Fill(string name, int rows)
    {
        var table = _database.CreateTable(name, "id");
        for (var i = 1; i <= rows; i++)
        {
            _database.Upsert(table, $"v{i}", i);
        }

        return table;
    }

    private DbLogSnapshotter<FakeTable> Start(int chunkSize, SnapshotProgress progress)
    {
        _engine = new DbLogSnapshotter<FakeTable>(_database, new DbLogOptions(chunkSize, TimeSpan.Zero), _streamLock) { Progress = progress };
        _stream = Task.Run(() => _database.StreamAsync(_engine, _streamLock, _topic, _stop.Token));
        _loop = Task.Run(() => _engine.RunAsync(_stop.Token));
        return _engine;
    }

    private async Task RunAsync(int chunkSize, SnapshotProgress progress, string? request = null)
    {
        Start(chunkSize, progress);
        if (request is null)
        {
            await FinishAsync();
        }
        else
        {
            await RequestAndFinishAsync(request);
        }
    }

    private async Task RequestAndFinishAsync(string request)
    {
        await _streamLock.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            await _engine!.RequestAsync(request, TestContext.Current.CancellationToken);
        }
        finally
        {
            _streamLock.Release();
        }

        await FinishAsync();
    }

    /// <summary>Waits until the stream emitted the last chunk (the progress is inactive under the stream lock), then drains the log.</summary>
    private async Task FinishAsync()
    {
        while (true)
        {
            Assert.False(_loop!.IsFaulted, _loop.Exception?.ToString());
            Assert.False(_stream!.IsFaulted, _stream.Exception?.ToString());
            await _streamLock.WaitAsync(TestContext.Current.CancellationToken);
            var active = _engine!.Progress.Active;
            _streamLock.Release();
            if (!active)
            {
                break;
            }

            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        _database.EndLog();
        await _stream!;
    }
}
