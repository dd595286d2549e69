// Shared by the kafkajs peer scripts: a client that fails fast, logs to stderr, and a main() wrapper that prints
// the script's result as one line of JSON on stdout and exits non-zero on any error.
'use strict'

const { Kafka, logLevel } = require('kafkajs')

// Log lines go to stderr and never start with '{', so the test can find the JSON result line on stdout.
const logCreator = () => ({ namespace, level, label, log }) => {
  const { message, timestamp, logger, ...extra } = log
  process.stderr.write(`kafkajs ${label} [${namespace}] ${message} ${JSON.stringify(extra)}\n`)
}

/** A kafkajs client whose retries are short enough that a real failure surfaces within a test's deadline. */
function createKafka (bootstrap, clientId) {
  return new Kafka({
    clientId,
    brokers: [bootstrap],
    logLevel: process.env.KAFKAJS_LOG_LEVEL ? logLevel[process.env.KAFKAJS_LOG_LEVEL] : logLevel.ERROR,
    logCreator,
    connectionTimeout: 5000,
    requestTimeout: 15000,
    retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 5 }
  })
}

/** Resolves once condition() holds; throws naming what was awaited (and the state) after timeoutMs. */
async function waitFor (condition, what, timeoutMs = 30000, describe = () => '') {
  const until = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > until) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}. ${describe()}`)
    }

    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

/** Runs main(args) and prints its result as JSON; any error (or an overall timeout) exits with code 1. */
function run (main, usage, overallTimeoutMs = 120000) {
  const args = process.argv.slice(2)
  const watchdog = setTimeout(() => {
    process.stderr.write(`Script did not finish within ${overallTimeoutMs} ms\n`)
    process.exit(2)
  }, overallTimeoutMs)
  Promise.resolve()
    .then(() => main(args))
    .then(result => {
      clearTimeout(watchdog)
      process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0))
    })
    .catch(error => {
      process.stderr.write(`FAILED (${usage}): ${error && error.stack ? error.stack : error}\n`)
      if (error && error.originalError) {
        process.stderr.write(`caused by: ${error.originalError.stack || error.originalError}\n`)
      }

      process.exit(1)
    })
}

/** Throws unless args has exactly count entries. */
function requireArgs (args, count, usage) {
  if (args.length !== count) {
    throw new Error(`Expected ${count} arguments: ${usage}; got ${JSON.stringify(args)}`)
  }

  return args
}

module.exports = { createKafka, waitFor, run, requireArgs }
