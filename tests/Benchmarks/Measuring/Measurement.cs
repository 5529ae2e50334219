namespace Deployteq.Benchmarks.Measuring;

// One method's calls over every round it was driven, with what they cost.
public sealed class Measurement
{
    private long _calls;
    private TimeSpan _elapsed;
    private CostSnapshot _cost;
    private long _otherCalls;

    public double Rate => _calls / _elapsed.TotalSeconds;

    public long Calls => _calls;

    public CostSnapshot Cost => _cost;

    // Calls that a call made to another service (DataModel's to Customers), per call.
    public double OtherCallsPerCall => (double)_otherCalls / _calls;

    public void Add(long calls, TimeSpan elapsed, CostSnapshot cost, long otherCalls)
    {
        _calls += calls;
        _elapsed += elapsed;
        _cost += cost;
        _otherCalls += otherCalls;
    }
}
