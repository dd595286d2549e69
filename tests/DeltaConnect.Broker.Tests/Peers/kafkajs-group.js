// Two kafkajs consumers in one group on a 4-partition topic, in one process.
//  1. Both join; once the group has split the partitions between them, <count> messages are produced round-robin
//     over the partitions (value "m-i") and consumed between the two members; each commits what it consumed.
//  2. The second member disconnects; once the first has rejoined with every partition, 8 more messages are produced
//     (value "n-i", one or more per partition) and consumed by the remaining member, which commits them.
// Prints what each member was assigned (from the GROUP_JOIN instrumentation event) and received, and the group's
// committed offsets as the admin client reads them back.
'use strict'

const { createKafka, run, requireArgs, waitFor } = require('./kafkajs-common.js')

const usage = 'kafkajs-group.js <bootstrap> <topic> <group> <count>'
const partitions = 4
const secondRound = 8

run(async args => {
  const [bootstrap, topic, groupId, countText] = requireArgs(args, 4, usage)
  const count = Number.parseInt(countText, 10)
  const kafka = createKafka(bootstrap, 'kafkajs-group')
  const producer = kafka.producer({ allowAutoTopicCreation: false })
  await producer.connect()

  const members = [member(kafka, groupId, topic, 'first'), member(kafka, groupId, topic, 'second')]
  const [first, second] = members
  const state = () => JSON.stringify(members.map(m => ({ name: m.name, joins: m.joins, received: m.received.length })))
  try {
    await first.start()
    await waitFor(() => first.assignment().length === partitions, 'the first member owns every partition', 30000, state)
    await second.start()
    await waitFor(
      () => first.assignment().length + second.assignment().length === partitions && first.assignment().length > 0 && second.assignment().length > 0,
      'the two members split the partitions', 30000, state)
    const split = members.map(m => ({ name: m.name, memberId: m.memberId(), assignment: m.assignment() }))

    await produce(producer, topic, count, i => `m-${i}`)
    const distinct = () => new Set(members.flatMap(m => m.received.map(r => r.value))).size
    await waitFor(() => distinct() === count, `${count} distinct messages arrived`, 30000, state)
    for (const m of members) {
      await m.commit()
    }

    const firstRound = members.map(m => ({ name: m.name, received: [...m.received] }))

    const joinsBefore = first.joins.length
    await second.consumer.disconnect()
    await waitFor(
      () => first.joins.length > joinsBefore && first.assignment().length === partitions,
      'the remaining member rejoined with every partition', 30000, state)
    const rejoin = { memberId: first.memberId(), assignment: first.assignment() }

    const before = first.received.length
    await produce(producer, topic, secondRound, i => `n-${i}`)
    await waitFor(() => first.received.length - before >= secondRound, `${secondRound} new messages reached the remaining member`, 30000, state)
    await first.commit()
    const afterLeave = first.received.slice(before)

    const admin = kafka.admin()
    await admin.connect()
    let committed
    try {
      committed = (await admin.fetchOffsets({ groupId, topics: [topic] }))[0].partitions
    } finally {
      await admin.disconnect()
    }

    return {
      split,
      firstRound,
      rejoin,
      afterLeave,
      joins: members.map(m => ({ name: m.name, joins: m.joins })),
      committed,
      // kafkajs recovers from a crash by restarting the consumer; a crash still means the broker misbehaved.
      crashes: members.flatMap(m => m.crashes.map(error => ({ name: m.name, error })))
    }
  } finally {
    for (const m of members) {
      await m.consumer.disconnect()
    }

    await producer.disconnect()
  }
}, usage)

// Round-robin over the partitions so every partition gets messages.
async function produce (producer, topic, count, value) {
  const messages = []
  for (let i = 0; i < count; i++) {
    messages.push({ key: `k-${i}`, value: value(i), partition: i % partitions })
  }

  await producer.send({ topic, acks: -1, messages })
}

function member (kafka, groupId, topic, name) {
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10000,
    rebalanceTimeout: 15000,
    heartbeatInterval: 300,
    maxWaitTimeInMs: 300,
    retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 5 }
  })
  const m = {
    name,
    consumer,
    joins: [],
    crashes: [],
    received: [],
    // Next offset to commit, by partition.
    positions: new Map(),
    assignment: () => (m.joins.length === 0 ? [] : m.joins[m.joins.length - 1].assignment),
    memberId: () => (m.joins.length === 0 ? null : m.joins[m.joins.length - 1].memberId),
    async start () {
      await consumer.connect()
      await consumer.subscribe({ topics: [topic], fromBeginning: true })
      await consumer.run({
        autoCommit: false,
        eachMessage: async ({ partition, message }) => {
          m.received.push({ value: message.value.toString(), partition, offset: Number(message.offset) })
          m.positions.set(partition, Number(message.offset) + 1)
        }
      })
    },
    async commit () {
      const offsets = [...m.positions].map(([partition, offset]) => ({ topic, partition, offset: String(offset) }))
      await consumer.commitOffsets(offsets)
    }
  }
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    m.joins.push({
      memberId: payload.memberId,
      isLeader: payload.isLeader,
      assignment: [...(payload.memberAssignment[topic] || [])].sort((a, b) => a - b)
    })
  })
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    m.crashes.push(String(payload.error))
    process.stderr.write(`consumer ${name} crashed: ${payload.error && payload.error.stack}\n`)
  })
  return m
}
