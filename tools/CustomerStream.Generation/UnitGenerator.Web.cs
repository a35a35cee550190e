namespace CustomerStream.Generation;

/// <summary>The web part of a unit: logged-in sessions on a person's devices, anonymous visits before and after, shared devices, visitors who never log in.</summary>
internal sealed partial class UnitGenerator
{
    private void AddWeb(SampleRandom random, SampleUnit unit, Person person, ref int counter)
    {
        var devices = new List<(string Device, string Cookie, bool App)> { ($"d-{person.Unit}-{person.K}-0", $"k-{person.Unit}-{person.K}-0", false) };
        if (random.Chance(0.25))
        {
            devices.Add(($"d-{person.Unit}-{person.K}-1", $"k-{person.Unit}-{person.K}-1", true));
        }

        person.Devices = devices;
        var signup = person.ShopCreated.AddSeconds(random.Next(60, 3600));
        person.Signup = signup;
        var first = devices[0];
        var session = $"s-{person.Unit}-{counter++}";
        AddEvent(random, unit, person, first, session, "signup", signup, loggedIn: true, withEmail: true, ref counter);
        AddEvent(random, unit, person, first, session, "page_view", signup.AddSeconds(random.Next(5, 60)), loggedIn: true, withEmail: false, ref counter);

        var fromMonth = Math.Max(0, calendar.MonthOf(signup) - 1);
        for (var month = fromMonth; month <= person.ActiveTo; month++)
        {
            var sessions = random.Poisson(person.SessionRate);
            for (var s = 0; s < sessions; s++)
            {
                var device = random.Pick(devices);
                var start = calendar.InstantIn(random, month);
                var loggedIn = start > signup && random.Chance(0.55);
                AddSession(random, unit, person.Unit, person, device, start, loggedIn, ref counter);
            }
        }
    }

    private void AddSession(
        SampleRandom random, SampleUnit unit, int unitIndex, Person? person, (string Device, string Cookie, bool App) device, DateTime start, bool loggedIn, ref int counter, bool cookieOnly = false)
    {
        var session = $"s-{unitIndex}-{counter++}";
        var t = start;
        if (loggedIn)
        {
            AddEvent(random, unit, person!, device, session, "login", t, loggedIn: true, withEmail: random.Chance(0.3), ref counter);
        }
        else if (random.Chance(0.5))
        {
            AddAnonymous(random, unit, device, session, "session_start", t, cookieOnly, ref counter);
        }

        var views = random.Next(1, 5);
        for (var v = 0; v < views; v++)
        {
            t = t.AddSeconds(random.Next(5, 180));
            if (loggedIn)
            {
                AddEvent(random, unit, person!, device, session, "page_view", t, loggedIn: true, withEmail: false, ref counter);
            }
            else
            {
                AddAnonymous(random, unit, device, session, "page_view", t, cookieOnly, ref counter);
            }
        }

        if (random.Chance(0.3))
        {
            t = t.AddSeconds(random.Next(5, 60));
            var type = random.Pick(["add_to_cart", "click", "search_result_click"]);
            if (loggedIn)
            {
                AddEvent(random, unit, person!, device, session, type, t, loggedIn: true, withEmail: false, ref counter);
            }
            else
            {
                AddAnonymous(random, unit, device, session, type, t, cookieOnly, ref counter);
            }
        }
    }

    private void AddEvent(
        SampleRandom random, SampleUnit unit, Person person, (string Device, string Cookie, bool App) device, string session, string type, DateTime ts, bool loggedIn, bool withEmail, ref int counter)
    {
        var stamp = StampFactory.Web(random, ts);
        var record = new WebEventIntent
        {
            EventId = $"ev-{person.Unit}-{counter++}",
            Ts = stamp,
            Type = type,
            DeviceId = device.Device,
            CookieId = device.Cookie,
            UserId = loggedIn ? person.ShopId : null,
            UserSourceText = loggedIn && !device.App ? "shop" : null,
            UserSource = loggedIn ? "shop" : null,
            EmailText = withEmail ? EmailVariant(random, person.Email) : null,
            Email = withEmail ? person.Email : null,
            SessionId = session,
            Url = Url(random),
            Referrer = random.Pick(SampleNames.Referrers) is { Length: > 0 } r ? r : null,
            SourceSystem = device.App ? "app" : null,
            ProductId = type == "add_to_cart" ? $"p-{random.Next(1, 500)}" : null,
        };
        unit.Add(record, Late(calendar.ChunkOf(stamp.Utc), random.Chance(LateRate), random));
    }

    private void AddAnonymous(SampleRandom random, SampleUnit unit, (string Device, string Cookie, bool App) device, string session, string type, DateTime ts, bool cookieOnly, ref int counter)
    {
        var stamp = StampFactory.Web(random, ts);
        var record = new WebEventIntent
        {
            EventId = $"ev-{session[2..]}-{counter++}",
            Ts = stamp,
            Type = type,
            DeviceId = cookieOnly ? null : device.Device,
            CookieId = device.Cookie,
            SessionId = session,
            Url = Url(random),
            Referrer = random.Pick(SampleNames.Referrers) is { Length: > 0 } r ? r : null,
            SourceSystem = device.App ? "app" : null,
            ProductId = type == "add_to_cart" ? $"p-{random.Next(1, 500)}" : null,
        };
        unit.Add(record, Late(calendar.ChunkOf(stamp.Utc), random.Chance(LateRate), random));
    }

    /// <summary>
    /// A household: both log in on one shared device. Anonymous sessions on it before the first
    /// login belong to the first who logged in, between the logins to the first, after the second
    /// login to the second (latest login wins) — the oracle works that out from the records.
    /// </summary>
    private void AddSharedDevice(SampleRandom random, SampleUnit unit, Person a, Person b, ref int counter)
    {
        var shared = ($"hd-{a.Unit}", $"hk-{a.Unit}", false);
        var first = Max(a.Signup, b.Signup).AddDays(random.Next(1, 20));
        var firstMonth = Math.Clamp(calendar.MonthOf(first), 0, calendar.Months - 1);
        var loginA = Max(first, calendar.MonthStart(firstMonth).AddDays(2));
        var loginB = loginA.AddDays(random.Next(10, 60));
        AddSession(random, unit, a.Unit, null, shared, loginA.AddDays(-random.Next(1, 5)), loggedIn: false, ref counter);
        AddSession(random, unit, a.Unit, a, shared, loginA, loggedIn: true, ref counter);
        AddSession(random, unit, a.Unit, null, shared, loginA.AddDays(random.Next(1, 9)), loggedIn: false, ref counter);
        AddSession(random, unit, a.Unit, b, shared, loginB, loggedIn: true, ref counter);
        AddSession(random, unit, a.Unit, null, shared, loginB.AddDays(random.Next(1, 20)), loggedIn: false, ref counter);
    }

    private void AddAnonymousVisitor(SampleRandom random, SampleUnit unit, int unitIndex, ref int counter)
    {
        var device = ($"ad-{unitIndex}", $"ak-{unitIndex}", false);
        var cookieOnly = random.Chance(0.2);
        var sessions = random.Next(1, 4);
        for (var s = 0; s < sessions; s++)
        {
            AddSession(random, unit, unitIndex, null, device, calendar.InstantIn(random, random.Next(calendar.Months)), loggedIn: false, ref counter, cookieOnly);
        }
    }
}
