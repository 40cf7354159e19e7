package io.warden.server.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.warden.protocol.netty.FourLetterWord;
import io.warden.protocol.netty.UndecodableRequest;
import io.warden.protocol.request.ConnectRequest;
import io.warden.protocol.request.RequestFrame;
import io.warden.server.admin.FourLetterWords;
import io.warden.server.sequencer.Submission;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The last inbound handler of a client channel: admits the connection ({@code maxClientCnxns},
 * {@code maxCnxns}), closes it if no ConnectRequest or four-letter word arrives within the
 * handshake timeout, answers four-letter words, and turns decoded frames into submissions. It
 * only translates; server state is touched on the apply thread alone.
 *
 * <p>The handshake timeout uses netty's scheduler (a network timeout, not server state, so it is
 * not on the injected ticker). Thread-confined to the channel's event loop.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(ConnectionHandler.class.getName());

    private final NetContext net;
    private Connection connection;
    private ScheduledFuture<?> handshakeTimer;
    private boolean registered;

    ConnectionHandler(NetContext net) {
        this.net = net;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        connection = new Connection(net, ctx.channel());
        String refusal = net.registry().tryAdd(connection);
        if (refusal != null) {
            net.stats().connectionRejected();
            LOG.log(System.Logger.Level.WARNING, refusal);
            ctx.close();
            return;
        }
        registered = true;
        handshakeTimer = ctx.executor().schedule(() -> {
            LOG.log(System.Logger.Level.INFO, "Closing connection from {0}: no ConnectRequest within {1} ms",
                    ctx.channel().remoteAddress(), String.valueOf(net.config().handshakeTimeoutMs()));
            ctx.close();
        }, net.config().handshakeTimeoutMs(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (connection == null || !registered) {
            return;
        }
        long now = net.ticker().read();
        if (msg instanceof RequestFrame frame) {
            connection.received(new Submission.ClientRequest(connection, frame, now));
        } else if (msg instanceof UndecodableRequest bad) {
            connection.received(new Submission.BadRequest(connection, bad, now));
        } else if (msg instanceof ConnectRequest request) {
            cancelHandshakeTimer();
            connection.received(new Submission.Handshake(connection, request, now));
        } else if (msg instanceof FourLetterWord word) {
            cancelHandshakeTimer();
            fourLetterWord(ctx, word);
        } else {
            LOG.log(System.Logger.Level.WARNING, "unexpected inbound message {0}", msg.getClass().getName());
            ctx.close();
        }
    }

    private void fourLetterWord(ChannelHandlerContext ctx, FourLetterWord word) {
        FourLetterWords words = net.fourLetterWords();
        String command = word.command();
        if (command.equals("telnetclose")) {
            ctx.close();
            return;
        }
        connection.fourLetterWord();
        if (!words.allowed(command)) {
            reply(ctx, FourLetterWords.notWhitelisted(command));
            return;
        }
        if (!FourLetterWords.needsState(command)) {
            reply(ctx, words.render(command, word.argument(), null));
            return;
        }
        Submission.Query query = new Submission.Query(FourLetterWords.details(command), snapshot -> {
            try {
                ctx.executor().execute(() -> reply(ctx, words.render(command, word.argument(), snapshot)));
            } catch (RejectedExecutionException e) {
                // the server is shutting down; the connection closes with it
            }
        });
        if (!net.sequencer().submit(query)) {
            reply(ctx, FourLetterWords.NOT_SERVING);
        }
    }

    private static final long FOUR_LETTER_FLUSH_TIMEOUT_MS = 30_000;

    private static void reply(ChannelHandlerContext ctx, String text) {
        // A four-letter-word client that does not read its answer is cut after the bound.
        Connection.closeAfterFlush(ctx.channel(), Unpooled.copiedBuffer(text, StandardCharsets.UTF_8),
                FOUR_LETTER_FLUSH_TIMEOUT_MS);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (connection != null && registered) {
            connection.updateAutoRead();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelHandshakeTimer();
        if (registered) {
            registered = false;
            net.registry().remove(connection);
            connection.closed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.log(System.Logger.Level.DEBUG, "I/O error on {0}: {1}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.log(System.Logger.Level.WARNING, "Closing " + ctx.channel().remoteAddress() + " after an error", cause);
        }
        ctx.close();
    }

    private void cancelHandshakeTimer() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
            handshakeTimer = null;
        }
    }
}
