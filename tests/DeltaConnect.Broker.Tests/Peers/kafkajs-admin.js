// Walks the kafkajs admin client through a topic's life and reads the cluster and an existing group:
// createTopics (3 partitions, cleanup.policy=compact, retention.ms=3600000), createTopics again, fetchTopicMetadata,
// describeConfigs, alterConfigs (retention.ms=7200000), describeConfigs, createPartitions (to 5), a few produced
// messages, fetchTopicOffsets, listTopics, describeCluster, listGroups, describeGroups and fetchOffsets of <group>
// (which the test keeps alive on <groupTopic>), deleteTopics, listTopics.
// Prints everything it saw as one JSON object.
'use strict'

const { AssignerProtocol, ConfigResourceTypes } = require('kafkajs')
const { createKafka, run, requireArgs } = require('./kafkajs-common.js')

const usage = 'kafkajs-admin.js <bootstrap> <topic> <group> <groupTopic>'
const watchedConfigs = ['cleanup.policy', 'retention.ms', 'segment.bytes']

run(async args => {
  const [bootstrap, topic, group, groupTopic] = requireArgs(args, 4, usage)
  const kafka = createKafka(bootstrap, 'kafkajs-admin')
  const admin = kafka.admin()
  const producer = kafka.producer({ allowAutoTopicCreation: false })
  await admin.connect()
  await producer.connect()
  try {
    const result = {}
    result.created = await admin.createTopics({
      topics: [{
        topic,
        numPartitions: 3,
        replicationFactor: 1,
        configEntries: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'retention.ms', value: '3600000' }]
      }]
    })
    result.createdAgain = await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] })
    result.metadata = (await admin.fetchTopicMetadata({ topics: [topic] })).topics

    result.configsAtCreation = await describe(admin, topic)
    result.alter = await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: 'retention.ms', value: '7200000' }] }]
    })
    result.configsAfterAlter = await describe(admin, topic)

    await admin.createPartitions({ topicPartitions: [{ topic, count: 5 }] })
    result.metadataAfterCreatePartitions = (await admin.fetchTopicMetadata({ topics: [topic] })).topics
    // Three messages in partition 0, one in 3 and two in 4 (one of the partitions just added).
    await producer.send({
      topic,
      acks: -1,
      messages: [0, 0, 0, 3, 4, 4].map((partition, i) => ({ key: `k${i}`, value: `v${i}`, partition }))
    })
    result.offsets = (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition)
    result.listed = (await admin.listTopics()).includes(topic)

    result.cluster = await admin.describeCluster()
    result.groups = (await admin.listGroups()).groups.filter(g => g.groupId === group)
    result.describedGroups = (await admin.describeGroups([group])).groups.map(g => ({
      ...g,
      members: g.members.map(m => ({
        memberId: m.memberId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        assignment: m.memberAssignment.length === 0 ? null : AssignerProtocol.MemberAssignment.decode(m.memberAssignment).assignment
      }))
    }))
    result.groupOffsets = await admin.fetchOffsets({ groupId: group, topics: [groupTopic] })

    await admin.deleteTopics({ topics: [topic] })
    result.listedAfterDelete = (await admin.listTopics()).includes(topic)
    return result
  } finally {
    await producer.disconnect()
    await admin.disconnect()
  }
}, usage)

async function describe (admin, topic) {
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }]
  })
  if (resources.length !== 1 || resources[0].errorCode !== 0) {
    throw new Error(`describeConfigs of ${topic} answered ${JSON.stringify(resources)}`)
  }

  const entries = {}
  for (const entry of resources[0].configEntries.filter(e => watchedConfigs.includes(e.configName))) {
    entries[entry.configName] = { value: entry.configValue, isDefault: entry.isDefault, source: entry.configSource, readOnly: entry.readOnly }
  }

  return { count: resources[0].configEntries.length, entries }
}
