using CustomerStream.Samples.Subscriber;

// A service that keeps its own view of CustomerStream's customers from the messages the bridge publishes.
var builder = WebApplication.CreateSlimBuilder(args);
builder.AddSubscriberDefaults();
builder.Services.AddCustomerSubscriber(builder.Configuration);

var app = builder.Build();
app.MapSubscriberEndpoints();
app.Run();
