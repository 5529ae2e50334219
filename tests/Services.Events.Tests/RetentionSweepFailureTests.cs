using Deployteq.ServiceDefaults.Streams;
using Microsoft.Extensions.Logging.Abstractions;

namespace Deployteq.Events.Tests;

// The retention sweep both services run (ServiceDefaults/Streams/StreamRetentionSweeper).
public sealed class RetentionSweepFailureTests
{
    [Fact]
    public async Task A_sweep_that_fails_with_any_error_leaves_the_sweeper_running_and_the_next_sweep_goes_ahead()
    {
        using var sweeper = new FirstSweepFails();

        await sweeper.StartAsync(CancellationToken.None);
        await sweeper.SecondSweep.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await sweeper.StopAsync(CancellationToken.None);

        Assert.False(sweeper.ExecuteTask!.IsFaulted);
    }

    private sealed class FirstSweepFails() : StreamRetentionSweeper(NullLogger.Instance)
    {
        private int _sweeps;

        public TaskCompletionSource SecondSweep { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override TimeSpan Interval => TimeSpan.FromMilliseconds(20);

        protected override string Entries => "entries";

        protected override Task<long> TrimExpiredAsync(CancellationToken cancellationToken)
        {
            if (++_sweeps == 1)
            {
                throw new InvalidOperationException("Not a Redis error.");
            }

            SecondSweep.TrySetResult();
            return Task.FromResult(0L);
        }
    }
}
