/**
 * RxJava 3 view of the S2 client: {@link dev.s2reactive.rxjava3.RxS2Client}, {@link
 * dev.s2reactive.rxjava3.RxS2Basin}, {@link dev.s2reactive.rxjava3.RxS2Stream} and {@link
 * dev.s2reactive.rxjava3.RxAppendSink} return {@code Flowable}/{@code Single}/{@code Completable}
 * over the core's Reactive Streams publishers.
 *
 * <p><b>Threading.</b> No thread hops are added: signals arrive on Netty event loops (or a timer
 * thread after a retry or linger). Never block in a callback; move slow or blocking work off with
 * {@code observeOn(Schedulers.io())} (or your own scheduler), and keep {@code subscribeOn} out of
 * it, as subscribing costs nothing.
 *
 * <p><b>Backpressure.</b> Every {@code Flowable} honours downstream requests end to end: a read
 * pulls from the socket only as records are requested, and an append sink requests records only
 * as acknowledgements free its in-flight budget. Nothing is buffered without bound.
 *
 * <p><b>Disposal.</b> Disposing (cancelling) a subscription cancels the core publisher, which
 * closes the underlying HTTP stream. Errors that the connection raises after that are dropped
 * rather than reported to {@code RxJavaPlugins.onError} as {@code UndeliverableException}s.
 */
package dev.s2reactive.rxjava3;
