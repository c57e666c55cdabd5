package io.alcorvx.service.engine;

import io.alcorvx.engine.command.Command;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/** {@link EngineClient} over the local event bus to the {@link EngineVerticle}. */
public final class EventBusEngineClient implements EngineClient {
  private final Vertx vertx;
  private final DeliveryOptions options;

  public EventBusEngineClient(Vertx vertx) {
    this.vertx = vertx;
    LocalCodec.register(vertx);
    this.options = new DeliveryOptions().setCodecName(LocalCodec.NAME).setSendTimeout(120_000);
  }

  @Override
  public Future<Object> execute(Command command) {
    return vertx.eventBus().request(EngineVerticle.COMMAND_ADDRESS, command, options).compose(reply -> {
      CommandOutcome outcome = (CommandOutcome) reply.body();
      return outcome.error() == null ? Future.succeededFuture(outcome.value()) : Future.failedFuture(outcome.error());
    }, failure -> Future.failedFuture(new EngineUnavailableException("engine did not answer: " + failure.getMessage())));
  }
}
