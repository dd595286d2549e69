// Produces keyed messages with headers and explicit timestamps with kafkajs (acks -1), in two send() calls.
// Message i: key "key-(i mod 7)", value "<prefix>-i" (padded so compression has something to do),
// timestamp 1700000000000 + i, headers trace="t-i" and client="kafkajs".
// Prints {"sends":[[RecordMetadata...],[RecordMetadata...]]}: what the broker acknowledged for each send.
'use strict'

const { CompressionTypes, Partitioners } = require('kafkajs')
const { createKafka, run, requireArgs } = require('./kafkajs-common.js')

const usage = 'kafkajs-produce.js <bootstrap> <topic> <count> <none|gzip>'

run(async args => {
  const [bootstrap, topic, countText, codec] = requireArgs(args, 4, usage)
  const count = Number.parseInt(countText, 10)
  const compression = { none: CompressionTypes.None, gzip: CompressionTypes.GZIP }[codec]
  if (compression === undefined) {
    throw new Error(`Unknown codec ${codec}`)
  }

  const kafka = createKafka(bootstrap, 'kafkajs-producer')
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false })
  await producer.connect()
  try {
    const message = i => ({
      key: `key-${i % 7}`,
      value: `${codec}-${i}-` + 'payload '.repeat(20),
      timestamp: String(1700000000000 + i),
      headers: { trace: `t-${i}`, client: 'kafkajs' }
    })
    const half = Math.floor(count / 2)
    const sends = []
    for (const [from, to] of [[0, half], [half, count]]) {
      const messages = []
      for (let i = from; i < to; i++) {
        messages.push(message(i))
      }

      sends.push(await producer.send({ topic, acks: -1, compression, messages }))
    }

    return { sends }
  } finally {
    await producer.disconnect()
  }
}, usage)
