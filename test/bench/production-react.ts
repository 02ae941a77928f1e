// Imported first by run.ts, before anything loads React: the benchmarks' own renders (the
// one-thread baseline of the certificate batch) use React's production build, as the worker does.
process.env.NODE_ENV = 'production';
